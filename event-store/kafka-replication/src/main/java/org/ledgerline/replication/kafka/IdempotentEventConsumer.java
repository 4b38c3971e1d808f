package org.ledgerline.replication.kafka;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies each replicated event at most once per consumer, deduplicating by its {@code ce_id} header: the id is
 * recorded in the same database transaction as the consumer's own writes, so a record re-delivered after a crash
 * (of the replicator or the consumer) is skipped. Use it inside a plain {@code KafkaConsumer} poll loop:
 * <pre>{@code
 * for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
 *     dedupe.apply("shipping-service", record, r -> shipping.handle(r));   // runs in one transaction
 * }
 * consumer.commitSync();
 * }</pre>
 */
public class IdempotentEventConsumer {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public IdempotentEventConsumer(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * Runs {@code handler} for the record unless this consumer applied its {@code ce_id} before.
     *
     * @return whether the handler ran
     */
    public <K, V> boolean apply(String consumer, ConsumerRecord<K, V> record, Consumer<ConsumerRecord<K, V>> handler) {
        String eventId = eventIdOf(record);
        Boolean applied = transactions.execute(status -> {
            int claimed = jdbc.update(
                    "INSERT INTO kafka_consumed_event (consumer, ce_id) VALUES (?, ?) "
                            + "ON CONFLICT (consumer, ce_id) DO NOTHING",
                    consumer,
                    eventId);
            if (claimed == 0) {
                return false;
            }
            handler.accept(record);
            return true;
        });
        return Boolean.TRUE.equals(applied);
    }

    static String eventIdOf(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader("ce_id");
        if (header == null) {
            throw new IllegalArgumentException("Record " + record.topic() + "/" + record.partition() + "@"
                    + record.offset() + " has no ce_id header");
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
