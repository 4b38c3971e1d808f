package org.ledgerline.replication.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

@LedgerlineIntegrationTest
class IdempotentEventConsumerIT {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void a_redelivered_record_is_applied_once_and_a_failed_apply_can_be_retried() {
        IdempotentEventConsumer dedupe = new IdempotentEventConsumer(jdbc, transactions);
        List<String> applied = new ArrayList<>();
        ConsumerRecord<String, String> record = record("event-1");

        assertThat(dedupe.apply("shipping", record, r -> applied.add(r.value())))
                .isTrue();
        assertThat(dedupe.apply("shipping", record, r -> applied.add(r.value())))
                .isFalse();
        assertThat(dedupe.apply("billing", record, r -> applied.add(r.value()))).isTrue();
        assertThat(applied).containsExactly("payload", "payload");

        ConsumerRecord<String, String> flaky = record("event-2");
        assertThatThrownBy(() -> dedupe.apply("shipping", flaky, r -> {
                    throw new IllegalStateException("downstream failed");
                }))
                .hasMessage("downstream failed");
        assertThat(dedupe.apply("shipping", flaky, r -> applied.add("second try")))
                .isTrue();
        assertThat(applied).endsWith("second try");
    }

    private static ConsumerRecord<String, String> record(String ceId) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>("t", 0, 0L, "key", "payload");
        record.headers().add("ce_id", ceId.getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
