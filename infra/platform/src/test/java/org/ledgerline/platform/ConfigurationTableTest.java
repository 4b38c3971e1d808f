package org.ledgerline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.ledgerline.testsupport.ConfigurationVariables;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import tools.jackson.databind.JsonNode;

/**
 * The README's configuration table and the settings the code reads agree: every {@code ledgerline.*} property in the
 * Spring configuration metadata (generated from the {@code @ConfigurationProperties} records of every module) is named
 * by a row, and every {@code LEDGERLINE_*} variable the table names is a property some metadata knows — through the
 * {@code ${LEDGERLINE_X:...}} placeholders of {@code application.yaml}, else through Spring's relaxed binding
 * ({@code LEDGERLINE_REPLAY_POLL_INTERVAL} is {@code ledgerline.replay.poll-interval}) — or one of the few variables
 * read by something else ({@link ConfigurationVariables#NOT_PROPERTIES}). The machinery is
 * {@link ConfigurationVariables} (infra/test-support), shared with the deployment tests (infra/deploy), which hold
 * every variable the Compose file and the Kubernetes manifests set to the same metadata.
 */
class ConfigurationTableTest {

    private final ConfigurationVariables settings = ConfigurationVariables.fromClassPath();

    @Test
    void every_ledgerline_property_is_in_the_readme_table_and_every_variable_there_is_a_property() {
        assertThat(settings.tableProblems(ConfigurationVariables.readmeTable()))
                .as("README.md's configuration table against the configuration metadata")
                .isEmpty();
    }

    @Test
    void every_configuration_properties_record_has_metadata() {
        Set<String> described = new TreeSet<>();
        for (JsonNode file : ConfigurationVariables.metadataFiles()) {
            file.path("groups")
                    .forEach(group ->
                            described.add(group.path("sourceType").asString().replace('$', '.')));
        }
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        Set<String> records = new TreeSet<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("org.ledgerline")) {
            records.add(candidate.getBeanClassName().replace('$', '.'));
        }
        assertThat(records).as("@ConfigurationProperties types of all modules").hasSizeGreaterThan(10);
        assertThat(described)
                .as("types with metadata (spring-boot-configuration-processor ran on their module)")
                .containsAll(records);
    }

    @Test
    void a_property_missing_from_the_table_is_found() {
        List<String> table = new ArrayList<>(ConfigurationVariables.readmeTable());
        assertThat(table.removeIf(row -> row.startsWith("| `LEDGERLINE_REPLAY_POLL_INTERVAL`")))
                .isTrue();
        assertThat(settings.tableProblems(table))
                .anyMatch(problem -> problem.contains("ledgerline.replay.poll-interval"));
    }

    @Test
    void a_variable_no_property_knows_is_found() {
        List<String> table = new ArrayList<>(ConfigurationVariables.readmeTable());
        table.add("| `LEDGERLINE_REPLAY_POLL_INTERVALS` | `1s` | a typo |");
        table.add("| `LEDGERLINE_SAGA_TIMEOUT_RESERVE_STOCK` / `_CHARGE_PAYMENTS` | `30s` | a shorthand typo |");
        assertThat(settings.tableProblems(table))
                .anyMatch(problem -> problem.contains("LEDGERLINE_REPLAY_POLL_INTERVALS"))
                .anyMatch(problem -> problem.contains("LEDGERLINE_SAGA_TIMEOUT_CHARGE_PAYMENTS"));
    }
}
