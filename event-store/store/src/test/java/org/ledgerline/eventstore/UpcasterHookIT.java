package org.ledgerline.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.junit.jupiter.api.Test;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/** An {@code EventUpcaster} bean is all it takes to read events stored in an older shape. */
@LedgerlineIntegrationTest
class UpcasterHookIT {

    /** Revision 2 of an event whose revision 1 had no {@code currency}. */
    @org.axonframework.serialization.Revision("2")
    record PriceSet(String productId, String amount, String currency) {}

    @TestConfiguration
    static class Upcasters {

        @Bean
        SingleEventUpcaster priceSetV1ToV2() {
            return new SingleEventUpcaster() {
                private final SimpleSerializedType v1 = new SimpleSerializedType(PriceSet.class.getName(), null);

                @Override
                protected boolean canUpcast(IntermediateEventRepresentation representation) {
                    return representation.getType().equals(v1);
                }

                @Override
                protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
                    return representation.upcastPayload(
                            new SimpleSerializedType(PriceSet.class.getName(), "2"),
                            JsonNode.class,
                            json -> ((ObjectNode) json).put("currency", "EUR"));
                }
            };
        }
    }

    @Autowired
    EventStore eventStore;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void an_event_stored_in_revision_1_is_read_as_revision_2() {
        String aggregateId = UUID.randomUUID().toString();
        byte[] v1Payload =
                ("{\"productId\":\"" + aggregateId + "\",\"amount\":\"9.99\"}").getBytes(StandardCharsets.UTF_8);
        jdbc.update(
                "INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, "
                        + "metadata, payload, payloadrevision, payloadtype, timestamp) "
                        + "VALUES (?, 0, 'Product', ?, ?, ?, NULL, ?, '2026-01-01T00:00:00.000Z')",
                aggregateId,
                UUID.randomUUID().toString(),
                "{}".getBytes(StandardCharsets.UTF_8),
                v1Payload,
                PriceSet.class.getName());

        List<? extends DomainEventMessage<?>> events =
                eventStore.readEvents(aggregateId).asStream().toList();

        assertThat(events)
                .singleElement()
                .extracting(DomainEventMessage::getPayload)
                .isEqualTo(new PriceSet(aggregateId, "9.99", "EUR"));
    }
}
