package org.ledgerline.replication.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.ledgerline.eventstore.CommitOrderTrackingToken;

/**
 * The Kafka record of an event: key = aggregate id, CloudEvents headers ({@code ce_id} = the event's id, so a record
 * sent twice, by a retried batch or a republish, is the same record to consumers; {@code ce_type} = the event's
 * catalogued name, not its Java class). Shared by the replicator and the
 * republisher so both send exactly the same thing.
 */
final class ReplicationRecords {

    private ReplicationRecords() {}

    static ProducerRecord<String, byte[]> record(
            EventMessage<?> event, TrackingToken token, byte[] value, Topics topics, String source) {
        String aggregateId = event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier() : null;
        String type = topics.typeOf(event.getPayloadType());
        String revision = topics.revisionOf(event.getPayloadType());
        RecordHeaders headers = new RecordHeaders();
        header(headers, "ce_specversion", "1.0");
        header(headers, "ce_id", event.getIdentifier());
        header(headers, "ce_type", type);
        header(headers, "ce_source", source);
        header(headers, "ce_time", event.getTimestamp().toString());
        header(headers, "content-type", "application/json");
        if (revision != null) {
            header(headers, "ledgerline_revision", revision);
        }
        if (aggregateId != null) {
            header(headers, "ce_subject", aggregateId);
            header(headers, "ledgerline_sequence", Long.toString(((DomainEventMessage<?>) event).getSequenceNumber()));
        }
        if (token != null && WrappedToken.unwrapLowerBound(token) instanceof CommitOrderTrackingToken position) {
            header(headers, "ledgerline_position", Long.toString(position.globalIndex()));
        }
        Object traceparent = event.getMetaData().get("traceparent");
        if (traceparent != null) {
            header(headers, "traceparent", traceparent.toString());
        }
        return new ProducerRecord<>(topics.topicFor(type), null, aggregateId, value, headers);
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
