package org.ledgerline.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;
import org.ledgerline.eventstore.EventContract;
import org.ledgerline.eventstore.config.EventStoreAutoConfiguration;
import org.ledgerline.kernel.EventCatalog;

/**
 * A catalogued event is stored under its name and revision; a row under a former name loads even when no class has
 * that name any more (the class moved); everything else keeps its class name.
 */
class ContractSerializerTest {

    /** An event of a made-up context, {@code probe}. */
    record ProbeHappened(String aggregateId, long step) {}

    /** As if ProbeHappened had been moved from a package that no longer exists. */
    private static final String MOVED_FROM = "org.ledgerline.probe.gone.ProbeHappened";

    private final EventContract contract = new EventContract(List.of(EventCatalog.of("probe")
            .event(ProbeHappened.class, "probe.ProbeHappened", "3", MOVED_FROM)
            .build()));
    private final ContractSerializer serializer = new ContractSerializer(
            JacksonSerializer.builder().objectMapper(new EventStoreAutoConfiguration().defaultAxonObjectMapper()),
            contract);

    @Test
    void a_catalogued_event_is_stored_under_its_name_and_revision_and_read_back() {
        SerializedObject<byte[]> stored = serializer.serialize(new ProbeHappened("a", 1), byte[].class);

        assertThat(stored.getType()).isEqualTo(new SimpleSerializedType("probe.ProbeHappened", "3"));
        assertThat((Object) serializer.deserialize(stored)).isEqualTo(new ProbeHappened("a", 1));
    }

    @Test
    void a_row_under_a_former_name_whose_class_is_gone_still_loads() {
        var old = new SimpleSerializedObject<>(
                "{\"aggregateId\":\"a\",\"step\":1}".getBytes(StandardCharsets.UTF_8), byte[].class, MOVED_FROM, null);

        assertThat((Object) serializer.deserialize(old)).isEqualTo(new ProbeHappened("a", 1));
    }

    @Test
    void the_first_upcaster_renames_a_former_name_to_the_name_at_revision_1() {
        GenericDomainEventEntry<byte[]> row = new GenericDomainEventEntry<>(
                "Probe",
                "a",
                0,
                "event-1",
                "2026-01-01T00:00:00Z",
                MOVED_FROM,
                null,
                "{\"aggregateId\":\"a\",\"step\":1}".getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8));

        List<IntermediateEventRepresentation> upcast = new FormerNamesUpcaster(contract)
                .upcast(Stream.of(new InitialEventRepresentation(row, serializer)))
                .toList();

        assertThat(upcast)
                .singleElement()
                .extracting(IntermediateEventRepresentation::getType)
                .isEqualTo(new SimpleSerializedType("probe.ProbeHappened", "1"));
    }

    @Test
    void classes_outside_the_catalog_keep_their_class_names_and_a_name_is_given_once() {
        assertThat(serializer.typeForClass(String.class).getName()).isEqualTo("java.lang.String");
        assertThatThrownBy(() -> new EventContract(List.of(
                        EventCatalog.of("probe")
                                .event(ProbeHappened.class, "probe.ProbeHappened", "1")
                                .build(),
                        EventCatalog.of("other")
                                .event(String.class, "other.Thing", "1", "probe.ProbeHappened")
                                .build())))
                .hasMessageContaining("probe.ProbeHappened");
    }
}
