package org.ledgerline.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.ledgerline.kernel.EventCatalog;
import org.ledgerline.order.api.contractfixture.Uncatalogued;

/**
 * Every event of a context's contract that the platform handles is announced in a catalog: an event class added to
 * an {@code api} package and handled by an aggregate, a projector or the saga, but listed in no catalog, would be
 * stored under its Java class name and published to the fallback topic (ADR 0017). {@code EventContractTest} pins
 * what the catalogs list; this test closes the gap of an event nobody listed.
 */
class EventCatalogCoverageTest {

    private static final Set<String> HANDLERS = Set.of(
            "org.axonframework.eventhandling.EventHandler",
            "org.axonframework.eventsourcing.EventSourcingHandler",
            "org.axonframework.modelling.saga.SagaEventHandler");

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.ledgerline");

    @Test
    void every_handled_event_of_a_contexts_api_is_listed_in_a_catalog() {
        Set<String> catalogued = catalogued(PRODUCTION);
        assertThat(catalogued).as("the catalogs found").isNotEmpty();

        assertThat(uncatalogued(PRODUCTION, catalogued))
                .as("events handled but listed in no EventCatalog: add each to its context's catalog (ADR 0017)")
                .isEmpty();
    }

    @Test
    void an_event_handled_but_listed_nowhere_is_reported() {
        JavaClasses withGap = new ClassFileImporter().importClasses(Uncatalogued.class);

        assertThat(uncatalogued(withGap, catalogued(PRODUCTION)))
                .containsExactly(Uncatalogued.SomethingHappened.class.getName());
    }

    /** The classes every catalog constant ({@code static final EventCatalog} in an {@code api} package) lists. */
    private static Set<String> catalogued(JavaClasses classes) {
        Set<String> names = new TreeSet<>();
        for (JavaClass type : classes) {
            for (JavaField field : type.getFields()) {
                if (field.getRawType().isEquivalentTo(EventCatalog.class)
                        && field.getModifiers().contains(JavaModifier.STATIC)) {
                    EventCatalog catalog = read(field);
                    catalog.events().forEach(entry -> names.add(entry.type().getName()));
                }
            }
        }
        return names;
    }

    /** The first parameter of every event handler whose type lives in an {@code org.ledgerline.<context>.api} package. */
    private static List<String> uncatalogued(JavaClasses classes, Set<String> catalogued) {
        return classes.stream()
                .flatMap(type -> type.getMethods().stream())
                .filter(EventCatalogCoverageTest::handlesEvents)
                .map(method -> method.getRawParameterTypes().get(0))
                .filter(EventCatalogCoverageTest::inAContextsApi)
                .map(JavaClass::getName)
                .filter(name -> !catalogued.contains(name))
                .distinct()
                .sorted()
                .collect(Collectors.toList());
    }

    private static boolean handlesEvents(JavaMethod method) {
        return !method.getRawParameterTypes().isEmpty()
                && method.getAnnotations().stream()
                        .anyMatch(annotation ->
                                HANDLERS.contains(annotation.getRawType().getName()));
    }

    private static boolean inAContextsApi(JavaClass type) {
        String name = type.getPackageName();
        return name.startsWith("org.ledgerline.") && (name.endsWith(".api") || name.contains(".api."));
    }

    private static EventCatalog read(JavaField field) {
        try {
            java.lang.reflect.Field reflected = field.reflect();
            reflected.setAccessible(true);
            return (EventCatalog) reflected.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read the catalog " + field.getFullName(), e);
        }
    }
}
