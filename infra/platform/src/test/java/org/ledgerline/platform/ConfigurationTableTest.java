package org.ledgerline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's configuration table and the settings the code reads agree: every {@code ledgerline.*} property in the
 * Spring configuration metadata (generated from the {@code @ConfigurationProperties} records of every module) is named
 * by a row, and every {@code LEDGERLINE_*} variable the table names is a property some metadata knows — through the
 * {@code ${LEDGERLINE_X:...}} placeholders of {@code application.yaml}, else through Spring's relaxed binding
 * ({@code LEDGERLINE_REPLAY_POLL_INTERVAL} is {@code ledgerline.replay.poll-interval}) — or one of the few variables
 * read by something else ({@link #NOT_PROPERTIES}).
 */
class ConfigurationTableTest {

    /** README variables that are no Spring property of the platform, and what reads them instead. */
    private static final Map<String, String> NOT_PROPERTIES = Map.of(
            "LEDGERLINE_JAVA_OPTS", "bin/run-platform (JVM options)",
            "LEDGERLINE_URL", "the CLI (its platform)",
            "LEDGERLINE_TOKEN", "the CLI (its ADMIN token)",
            "LEDGERLINE_CLI_DB_URL", "the CLI (its offline database)",
            "LEDGERLINE_<NAME>_FILE", "SecretFilesEnvironmentPostProcessor (any variable read from a file)",
            "LEDGERLINE_<NAME>", "the same row's wording for any of the variables above");

    private static final String METADATA = "META-INF/spring-configuration-metadata.json";
    private static final Pattern VARIABLE = Pattern.compile("LEDGERLINE_(?:[A-Z0-9]|<[A-Z]+>)(?:[A-Z0-9_]|<[A-Z]+>)*");
    private static final Pattern SHORTHAND = Pattern.compile("`(_[A-Z0-9_]+)`");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(LEDGERLINE_[A-Z0-9_]+)(?::[^}]*)?}");

    @Test
    void every_ledgerline_property_is_in_the_readme_table_and_every_variable_there_is_a_property() throws IOException {
        List<String> problems = problems(readmeTable(), metadata(), placeholders());
        assertThat(problems)
                .as("README.md's configuration table against the configuration metadata")
                .isEmpty();
    }

    @Test
    void every_configuration_properties_record_has_metadata() throws IOException {
        Set<String> described = new TreeSet<>();
        for (JsonNode file : metadataFiles()) {
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
    void a_property_missing_from_the_table_is_found() throws IOException {
        List<String> table = new ArrayList<>(readmeTable());
        assertThat(table.removeIf(row -> row.startsWith("| `LEDGERLINE_REPLAY_POLL_INTERVAL`")))
                .isTrue();
        assertThat(problems(table, metadata(), placeholders()))
                .anyMatch(problem -> problem.contains("ledgerline.replay.poll-interval"));
    }

    @Test
    void a_variable_no_property_knows_is_found() throws IOException {
        List<String> table = new ArrayList<>(readmeTable());
        table.add("| `LEDGERLINE_REPLAY_POLL_INTERVALS` | `1s` | a typo |");
        table.add("| `LEDGERLINE_SAGA_TIMEOUT_RESERVE_STOCK` / `_CHARGE_PAYMENTS` | `30s` | a shorthand typo |");
        assertThat(problems(table, metadata(), placeholders()))
                .anyMatch(problem -> problem.contains("LEDGERLINE_REPLAY_POLL_INTERVALS"))
                .anyMatch(problem -> problem.contains("LEDGERLINE_SAGA_TIMEOUT_CHARGE_PAYMENTS"));
    }

    /** What disagrees between the table's rows and the properties (name to type) the metadata knows. */
    static List<String> problems(List<String> rows, Map<String, String> properties, Map<String, String> placeholders) {
        List<String> problems = new ArrayList<>();
        Set<String> named = new TreeSet<>();
        for (String row : rows) {
            for (String variable : variables(row)) {
                if (NOT_PROPERTIES.containsKey(variable)) {
                    continue;
                }
                String property =
                        placeholders.containsKey(variable) ? placeholders.get(variable) : relaxed(variable, properties);
                if (property == null) {
                    problems.add(variable + " (README) is no property: neither an application.yaml placeholder nor "
                            + "the environment form of a ledgerline.* property in the metadata");
                } else if (property.startsWith("ledgerline.") && !properties.containsKey(property)) {
                    problems.add(variable + " (README) sets " + property + " in application.yaml, which no "
                            + "@ConfigurationProperties record binds");
                } else {
                    named.add(property);
                }
            }
        }
        properties.keySet().stream()
                .filter(property -> !named.contains(property))
                .forEach(property -> problems.add(property + " is in the configuration metadata but no row of "
                        + "README.md's configuration table names it (as "
                        + environmentForm(property, "_") + " or through "
                        + "application.yaml)"));
        return problems;
    }

    /**
     * The variables a row names, in order; {@code `_CHARGE_PAYMENT`} after {@code LEDGERLINE_SAGA_TIMEOUT_RESERVE_STOCK}
     * stands for {@code LEDGERLINE_SAGA_TIMEOUT_CHARGE_PAYMENT} (as many trailing words replaced as it has).
     */
    static Set<String> variables(String row) {
        Set<String> variables = new LinkedHashSet<>();
        Matcher full = VARIABLE.matcher(row);
        while (full.find()) {
            variables.add(full.group().replaceAll("_+$", ""));
        }
        String firstCell = row.split("\\|")[1];
        Matcher firstFull = VARIABLE.matcher(firstCell);
        if (firstFull.find()) {
            List<String> words = List.of(firstFull.group().split("_"));
            Matcher shorthand = SHORTHAND.matcher(firstCell);
            while (shorthand.find()) {
                List<String> tail = List.of(shorthand.group(1).substring(1).split("_"));
                List<String> expanded = new ArrayList<>(words.subList(0, words.size() - tail.size()));
                expanded.addAll(tail);
                variables.add(String.join("_", expanded));
            }
        }
        return variables;
    }

    /**
     * The property Spring's relaxed binding gives {@code variable}: upper case, {@code .} as {@code _}, and {@code -}
     * as {@code _} or left out; a map property takes any variable that continues its own with {@code _KEY}.
     */
    private static String relaxed(String variable, Map<String, String> properties) {
        for (Map.Entry<String, String> property : properties.entrySet()) {
            for (String dash : List.of("_", "")) {
                String form = environmentForm(property.getKey(), dash);
                if (variable.equals(form)) {
                    return property.getKey();
                }
                if (property.getValue().startsWith("java.util.Map") && variable.startsWith(form + "_")) {
                    return property.getKey();
                }
            }
        }
        return null;
    }

    private static String environmentForm(String property, String dash) {
        return property.toUpperCase(Locale.ROOT).replace(".", "_").replace("-", dash);
    }

    /** The rows of the table under README.md's "## Configuration", header and separator left out. */
    static List<String> readmeTable() throws IOException {
        List<String> lines = Files.readAllLines(repositoryRoot().resolve("README.md"));
        int heading = lines.indexOf("## Configuration");
        assertThat(heading).as("README.md has a '## Configuration' section").isNotNegative();
        List<String> rows = new ArrayList<>();
        for (String line : lines.subList(heading + 1, lines.size())) {
            if (line.startsWith("|")) {
                rows.add(line);
            } else if (!rows.isEmpty()) {
                break;
            } else if (line.startsWith("#")) {
                break;
            }
        }
        assertThat(rows).as("the configuration table").hasSizeGreaterThan(10);
        return rows.subList(2, rows.size());
    }

    /** Every {@code ledgerline.*} property of the metadata on the class path (all modules), name to type. */
    static Map<String, String> metadata() throws IOException {
        Map<String, String> properties = new TreeMap<>();
        for (JsonNode file : metadataFiles()) {
            for (JsonNode property : file.path("properties")) {
                String name = property.path("name").asString();
                if (name.startsWith("ledgerline.")) {
                    properties.put(name, property.path("type").asString(""));
                }
            }
        }
        return properties;
    }

    private static List<JsonNode> metadataFiles() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        List<JsonNode> files = new ArrayList<>();
        for (URL url :
                Collections.list(ConfigurationTableTest.class.getClassLoader().getResources(METADATA))) {
            try (InputStream in = url.openStream()) {
                files.add(json.readTree(in));
            }
        }
        return files;
    }

    /** {@code LEDGERLINE_X} to the property whose value application.yaml (any profile) takes from it. */
    static Map<String, String> placeholders() throws IOException {
        Map<String, String> placeholders = new LinkedHashMap<>();
        for (String resource : List.of("application.yaml", "application-prod.yaml")) {
            try (InputStream in = ConfigurationTableTest.class.getClassLoader().getResourceAsStream(resource)) {
                assertThat(in).as(resource).isNotNull();
                Map<String, Object> yaml = new Yaml().load(in);
                flatten("", yaml, placeholders);
            }
        }
        return placeholders;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> yaml, Map<String, String> placeholders) {
        yaml.forEach((key, value) -> {
            String name = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?> nested) {
                flatten(name, (Map<String, Object>) nested, placeholders);
            } else if (value instanceof String text) {
                Matcher placeholder = PLACEHOLDER.matcher(text);
                while (placeholder.find()) {
                    placeholders.put(placeholder.group(1), name);
                }
            }
        });
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "No README.md with mvnw above " + Path.of("").toAbsolutePath());
    }
}
