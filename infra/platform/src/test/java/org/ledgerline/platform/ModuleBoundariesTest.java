package org.ledgerline.platform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ledgerline.order.boundaryfixture.ReachesIntoAnotherModule;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Modules meet only through each other's {@code api} packages; {@code infra} (platform, cli) may see everything.
 * Domain code carries no web, jOOQ or Kafka types.
 */
class ModuleBoundariesTest {

    /** Module top packages whose insides are private to them. */
    private static final List<String> MODULES = List.of(
            "org.ledgerline.user", "org.ledgerline.product", "org.ledgerline.order",
            "org.ledgerline.projections", "org.ledgerline.saga");

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.ledgerline");

    @Test
    void modules_depend_on_each_other_only_through_api_packages() {
        for (String module : MODULES) {
            onlyApiVisibleOutside(module).check(PRODUCTION);
        }
    }

    @Test
    void the_event_store_and_the_domains_never_depend_on_read_models_or_the_saga() {
        noClasses().that().resideInAnyPackage("org.ledgerline.eventstore..", "org.ledgerline.user..",
                                              "org.ledgerline.product..", "org.ledgerline.order..")
                   .should().dependOnClassesThat()
                   .resideInAnyPackage("org.ledgerline.projections..", "org.ledgerline.saga..",
                                       "org.ledgerline.platform..")
                   .allowEmptyShould(true)
                   .check(PRODUCTION);
        noClasses().that().resideInAPackage("org.ledgerline.eventstore..")
                   .should().dependOnClassesThat()
                   .resideInAnyPackage("org.ledgerline.user..", "org.ledgerline.product..",
                                       "org.ledgerline.order..")
                   .check(PRODUCTION);
    }

    @Test
    void domain_code_has_no_web_jooq_or_kafka_types() {
        noClasses().that().resideInAnyPackage("org.ledgerline.user..", "org.ledgerline.product..",
                                              "org.ledgerline.order..")
                   .and().resideOutsideOfPackages("..web..", "..http..")
                   .should().dependOnClassesThat()
                   .resideInAnyPackage("org.springframework.web..", "org.jooq..", "org.apache.kafka..")
                   .allowEmptyShould(true)
                   .check(PRODUCTION);
    }

    @Test
    void the_boundary_rule_fails_when_a_module_reaches_into_another() {
        JavaClasses offender = new ClassFileImporter().importClasses(ReachesIntoAnotherModule.class);
        EvaluationResult result = onlyApiVisibleOutside("org.ledgerline.product").evaluate(offender);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anyMatch(line -> line.contains("org.ledgerline.product.catalog.ProductConfiguration"));
    }

    private static ArchRule onlyApiVisibleOutside(String module) {
        DescribedPredicate<JavaClass> insideNotApi = new DescribedPredicate<>(
                "inside " + module + " but not in its api package") {
            @Override
            public boolean test(JavaClass target) {
                String name = target.getPackageName();
                return (name.equals(module) || name.startsWith(module + "."))
                        && !(name.equals(module + ".api") || name.startsWith(module + ".api."));
            }
        };
        return noClasses().that().resideOutsideOfPackages(module + "..", "org.ledgerline.platform..",
                                                          "org.ledgerline.cli..")
                          .should().dependOnClassesThat(insideNotApi)
                          .as("only " + module + ".api is visible outside " + module)
                          .allowEmptyShould(true);
    }
}
