package org.ledgerline.platform.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.serialization.SerializationException;
import org.junit.jupiter.api.Test;
import org.ledgerline.kernel.InvalidCommandException;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.order.api.OrderPlaced;
import org.ledgerline.order.api.PlaceOrder;
import org.ledgerline.order.api.RequestedLine;
import org.ledgerline.order.api.ShippingAddress;

class LedgerlineSpanAttributesTest {

    private final LedgerlineSpanAttributes attributes = new LedgerlineSpanAttributes();
    private final OrderId orderId = new OrderId(UUID.randomUUID());
    private final ShippingAddress address = new ShippingAddress("1 Main St", null, "Berlin", "10115", "DE");

    @Test
    void a_command_names_its_type_its_target_aggregate_and_its_order() {
        PlaceOrder command =
                new PlaceOrder(orderId, UUID.randomUUID(), List.of(new RequestedLine(UUID.randomUUID(), 1)), address);

        assertThat(attributes.provideForMessage(GenericCommandMessage.asCommandMessage(command)))
                .containsEntry("ledgerline.command.type", "PlaceOrder")
                .containsEntry("ledgerline.aggregate.id", orderId.toString())
                .containsEntry("ledgerline.order.id", orderId.toString());
    }

    @Test
    void a_domain_event_names_its_type_its_aggregate_and_its_order_and_never_personal_data() {
        OrderPlaced placed = new OrderPlaced(orderId, UUID.randomUUID(), List.of(), null, address);
        GenericDomainEventMessage<OrderPlaced> event =
                new GenericDomainEventMessage<>("Order", orderId.toString(), 0, placed);

        assertThat(attributes.provideForMessage(event))
                .containsOnlyKeys("ledgerline.event.type", "ledgerline.aggregate.id", "ledgerline.order.id")
                .containsEntry("ledgerline.event.type", "OrderPlaced")
                .containsEntry("ledgerline.aggregate.id", orderId.toString());
    }

    @Test
    void a_payload_that_cannot_be_deserialized_is_left_for_its_handler_to_fail() {
        OrderPlaced placed = new OrderPlaced(orderId, UUID.randomUUID(), List.of(), null, address);
        GenericDomainEventMessage<OrderPlaced> poison =
                new GenericDomainEventMessage<>("Order", orderId.toString(), 0, placed) {
                    @Override
                    public OrderPlaced getPayload() {
                        throw new SerializationException("broken payload");
                    }
                };

        assertThat(attributes.provideForMessage(poison))
                .containsEntry("ledgerline.aggregate.id", orderId.toString())
                .doesNotContainKey("ledgerline.order.id");
    }

    @Test
    void a_payload_that_is_no_record_gets_only_its_type() {
        assertThat(attributes.provideForMessage(GenericEventMessage.asEventMessage("just text")))
                .containsOnlyKeys("ledgerline.event.type");
    }

    @Test
    void a_command_outcome_is_rejected_for_a_broken_rule_conflict_for_a_concurrent_change_else_error() {
        assertThat(CommandMetrics.outcome(new InvalidCommandException("no"))).isEqualTo("rejected");
        assertThat(CommandMetrics.outcome(new IllegalStateException("x", new InvalidCommandException("no"))))
                .isEqualTo("rejected");
        assertThat(CommandMetrics.outcome(new ConflictingAggregateVersionException("a", 1, 2)))
                .isEqualTo("conflict");
        assertThat(CommandMetrics.outcome(new IllegalStateException("boom"))).isEqualTo("error");
        assertThat(CommandMetrics.outcome(null)).isEqualTo("error");
    }
}
