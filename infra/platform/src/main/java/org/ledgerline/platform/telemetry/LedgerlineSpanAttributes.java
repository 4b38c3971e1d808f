package org.ledgerline.platform.telemetry;

import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.tracing.SpanAttributesProvider;

/**
 * Ledgerline's own attributes on Axon's spans, so one order can be found in a trace store:
 * {@code ledgerline.aggregate.id} (an event's aggregate, a command's target), {@code ledgerline.event.type},
 * {@code ledgerline.command.type} and {@code ledgerline.order.id} (any message whose payload has an {@code orderId}).
 */
class LedgerlineSpanAttributes implements SpanAttributesProvider {

    private final Map<Class<?>, Accessors> accessors = new ConcurrentHashMap<>();

    @Override
    public Map<String, String> provideForMessage(Message<?> message) {
        Map<String, String> attributes = new HashMap<>();
        // Keyed by the payload's type, so a payload is only deserialized when it has an id to read, and one that
        // cannot be deserialized (a poison event) is left for its handler to fail and dead-letter.
        Accessors of = accessors.computeIfAbsent(message.getPayloadType(), Accessors::of);
        Object payload = of.target == null && of.orderId == null ? null : payloadOrNull(message);
        if (message instanceof DomainEventMessage<?> domain && domain.getAggregateIdentifier() != null) {
            attributes.put("ledgerline.aggregate.id", domain.getAggregateIdentifier());
        } else if (message instanceof CommandMessage<?>) {
            of.read(of.target, payload).ifPresent(id -> attributes.put("ledgerline.aggregate.id", id));
        }
        if (message instanceof EventMessage<?>) {
            attributes.put("ledgerline.event.type", message.getPayloadType().getSimpleName());
        } else if (message instanceof CommandMessage<?>) {
            attributes.put("ledgerline.command.type", message.getPayloadType().getSimpleName());
        }
        of.read(of.orderId, payload).ifPresent(id -> attributes.put("ledgerline.order.id", id));
        return attributes;
    }

    private static Object payloadOrNull(Message<?> message) {
        try {
            return message.getPayload();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The record components a payload class offers: its aggregate target and its order id. */
    private record Accessors(RecordComponent target, RecordComponent orderId) {

        static final Accessors NONE = new Accessors(null, null);

        static Accessors of(Class<?> type) {
            if (type == null || !type.isRecord()) {
                return NONE;
            }
            RecordComponent target = null;
            RecordComponent orderId = null;
            for (RecordComponent component : type.getRecordComponents()) {
                if (component.isAnnotationPresent(TargetAggregateIdentifier.class)
                        || component.getAccessor().isAnnotationPresent(TargetAggregateIdentifier.class)) {
                    target = component;
                }
                if (component.getName().equals("orderId")) {
                    orderId = component;
                }
            }
            return new Accessors(target, orderId);
        }

        Optional<String> read(RecordComponent component, Object payload) {
            if (component == null || payload == null) {
                return Optional.empty();
            }
            try {
                return Optional.ofNullable(component.getAccessor().invoke(payload))
                        .map(Object::toString);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return Optional.empty(); // an attribute is never worth failing a message for
            }
        }
    }
}
