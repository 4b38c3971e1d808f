package org.ledgerline.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.ledgerline.eventstore.boundaryfixture.ReachesIntoTheWebEdge;
import org.ledgerline.kernel.boundaryfixture.KernelWithSpring;
import org.ledgerline.order.boundaryfixture.DomainCodeWithKafka;
import org.ledgerline.order.boundaryfixture.ReachesIntoAnotherModule;
import org.ledgerline.saga.boundaryfixture.ReachesIntoTheEventStore;
import org.ledgerline.unlisted.boundaryfixture.BelongsToNoModule;

/**
 * The module map of {@code docs/architecture.md}, enforced on the production classes of every module: each class
 * belongs to a listed module, each module depends only on the modules it may, contexts meet only through their
 * {@code api} packages and the event store only through its top package (its SPI), the kernel is plain Java, and
 * domain code carries no web, jOOQ or Kafka types. Each rule is also shown failing on a fixture that breaks it.
 */
class ModuleBoundariesTest {

    /**
     * Every module's top package and the modules it may depend on (its own always). Kept in step with the poms: a
     * dependency the pom does not declare cannot compile, one the pom declares but this map forbids fails here.
     */
    static final Map<String, Set<String>> MAY_DEPEND_ON = allowed();

    private static Map<String, Set<String>> allowed() {
        Map<String, Set<String>> map = new LinkedHashMap<>();
        map.put("kernel", Set.of());
        map.put("eventstore", Set.of("kernel"));
        map.put("replication", Set.of("kernel", "eventstore"));
        map.put("http", Set.of("kernel", "eventstore"));
        map.put("user", Set.of("kernel", "eventstore", "http"));
        map.put("product", Set.of("kernel", "eventstore", "http"));
        map.put("order", Set.of("kernel", "eventstore", "http"));
        map.put("projections", Set.of("kernel", "eventstore", "http", "user", "product", "order"));
        map.put("saga", Set.of("kernel", "eventstore", "http", "user", "product", "order"));
        map.put("embedded", Set.of());
        map.put("testsupport", Set.of("embedded"));
        map.put("cli", Set.of());
        Set<String> platform = Set.of(
                "kernel",
                "eventstore",
                "replication",
                "http",
                "user",
                "product",
                "order",
                "projections",
                "saga",
                "embedded");
        map.put("platform", platform);
        // The benchmarks drive a whole platform: what the platform sees, and the platform itself.
        map.put(
                "bench",
                Stream.concat(platform.stream(), Stream.of("platform")).collect(Collectors.toUnmodifiableSet()));
        return map;
    }

    /** Bounded contexts and read sides: only their {@code api} package is visible to other modules. */
    private static final List<String> CONTEXTS = List.of("user", "product", "order", "projections", "saga");

    /** The composition roots, which wire the contexts' insides together. */
    private static final List<String> WIRING = List.of("platform", "cli", "bench");

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.ledgerline");

    @Test
    void the_whole_reactor_is_imported() {
        // Guards the rules below against passing on an empty or partial class path.
        for (String module : MAY_DEPEND_ON.keySet()) {
            assertThat(PRODUCTION.stream().anyMatch(c -> inModule(c, module)))
                    .as("classes of module %s on the test class path", module)
                    .isTrue();
        }
    }

    @Test
    void every_class_belongs_to_a_listed_module() {
        everyClassInAListedModule().check(PRODUCTION);
    }

    @Test
    void modules_depend_only_on_the_modules_they_may() {
        for (String module : MAY_DEPEND_ON.keySet()) {
            dependsOnlyOnAllowedModules(module).check(PRODUCTION);
        }
    }

    @Test
    void contexts_depend_on_each_other_only_through_api_packages() {
        for (String module : CONTEXTS) {
            onlyApiVisibleOutside(module).check(PRODUCTION);
        }
    }

    @Test
    void nothing_outside_the_event_store_uses_more_than_its_spi_package() {
        onlySpiOfTheEventStore().check(PRODUCTION);
    }

    @Test
    void the_kernel_is_plain_java() {
        kernelIsPlainJava().check(PRODUCTION);
    }

    @Test
    void domain_code_has_no_web_jooq_or_kafka_types() {
        domainCodeWithoutInfrastructure().check(PRODUCTION);
    }

    // Each rule fails on a class that breaks it (test sources, which the checks above do not import).

    @Test
    void the_module_rule_fails_on_a_class_outside_every_module() {
        assertFails(everyClassInAListedModule(), BelongsToNoModule.class, BelongsToNoModule.class.getName());
    }

    @Test
    void the_dependency_rule_fails_when_a_module_uses_one_it_may_not() {
        assertFails(
                dependsOnlyOnAllowedModules("eventstore"), ReachesIntoTheWebEdge.class, "org.ledgerline.http.Caller");
    }

    @Test
    void the_api_rule_fails_when_a_context_reaches_into_another() {
        assertFails(
                onlyApiVisibleOutside("product"),
                ReachesIntoAnotherModule.class,
                "org.ledgerline.product.catalog.ProductConfiguration");
    }

    @Test
    void the_spi_rule_fails_when_a_module_reaches_into_the_event_store() {
        assertFails(
                onlySpiOfTheEventStore(),
                ReachesIntoTheEventStore.class,
                "org.ledgerline.eventstore.jdbc.CommitOrderedJdbcEventStorageEngine");
    }

    @Test
    void the_kernel_rule_fails_on_a_spring_type() {
        assertFails(kernelIsPlainJava(), KernelWithSpring.class, "org.springframework");
    }

    @Test
    void the_domain_rule_fails_on_a_kafka_type() {
        assertFails(domainCodeWithoutInfrastructure(), DomainCodeWithKafka.class, "org.apache.kafka");
    }

    private static void assertFails(ArchRule rule, Class<?> offender, String named) {
        EvaluationResult result = rule.evaluate(new ClassFileImporter().importClasses(offender));
        assertThat(result.hasViolation())
                .as("%s breaks %s", offender.getSimpleName(), rule.getDescription())
                .isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(line -> line.contains(named));
    }

    private static ArchRule everyClassInAListedModule() {
        return classes()
                .should()
                .resideInAnyPackage(MAY_DEPEND_ON.keySet().stream()
                        .map(m -> "org.ledgerline." + m + "..")
                        .toArray(String[]::new))
                .as("every class belongs to a module listed in docs/architecture.md");
    }

    private static ArchRule dependsOnlyOnAllowedModules(String module) {
        Set<String> allowed = MAY_DEPEND_ON.get(module);
        String[] forbidden = MAY_DEPEND_ON.keySet().stream()
                .filter(other -> !other.equals(module) && !allowed.contains(other))
                .map(other -> "org.ledgerline." + other + "..")
                .toArray(String[]::new);
        return noClasses()
                .that()
                .resideInAPackage("org.ledgerline." + module + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(forbidden)
                .as(module + " depends only on " + allowed)
                .allowEmptyShould(true);
    }

    private static ArchRule onlyApiVisibleOutside(String module) {
        String top = "org.ledgerline." + module;
        DescribedPredicate<JavaClass> insideNotApi =
                new DescribedPredicate<>("inside " + top + " but not in its api package") {
                    @Override
                    public boolean test(JavaClass target) {
                        return inModule(target, module) && !inPackage(target.getPackageName(), top + ".api");
                    }
                };
        return noClasses()
                .that()
                .resideOutsideOfPackages(Stream.concat(Stream.of(module), WIRING.stream())
                        .map(m -> "org.ledgerline." + m + "..")
                        .toArray(String[]::new))
                .should()
                .dependOnClassesThat(insideNotApi)
                .as("only " + top + ".api is visible outside " + top)
                .allowEmptyShould(true);
    }

    private static ArchRule onlySpiOfTheEventStore() {
        DescribedPredicate<JavaClass> storeInternals =
                new DescribedPredicate<>("inside a sub-package of org.ledgerline.eventstore (the store's own)") {
                    @Override
                    public boolean test(JavaClass target) {
                        return inModule(target, "eventstore")
                                && !target.getPackageName().equals("org.ledgerline.eventstore");
                    }
                };
        // No exception for the platform: what it needs from the store is published like everything else.
        return noClasses()
                .that()
                .resideOutsideOfPackage("org.ledgerline.eventstore..")
                .should()
                .dependOnClassesThat(storeInternals)
                .as("only the package org.ledgerline.eventstore (its SPI) is visible outside the event store")
                .allowEmptyShould(true);
    }

    private static ArchRule kernelIsPlainJava() {
        return classes()
                .that()
                .resideInAPackage("org.ledgerline.kernel..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "org.ledgerline.kernel..")
                .as("the kernel is plain Java: no Spring, Axon, Jackson, Kafka or jOOQ")
                .allowEmptyShould(true);
    }

    private static ArchRule domainCodeWithoutInfrastructure() {
        return noClasses()
                .that()
                .resideInAnyPackage("org.ledgerline.user..", "org.ledgerline.product..", "org.ledgerline.order..")
                .and()
                .resideOutsideOfPackages("..web..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework.web..",
                        "org.springframework.http..",
                        "org.ledgerline.http..",
                        "org.jooq..",
                        "org.apache.kafka..")
                .as("domain code outside its web package has no web, jOOQ or Kafka types")
                .allowEmptyShould(true);
    }

    private static boolean inModule(JavaClass javaClass, String module) {
        return inPackage(javaClass.getPackageName(), "org.ledgerline." + module);
    }

    private static boolean inPackage(String name, String top) {
        return name.equals(top) || name.startsWith(top + ".");
    }
}
