package org.ledgerline.projections.products;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.ledgerline.kernel.Money;
import org.ledgerline.product.api.ProductCreated;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A stored event the read model cannot take does not stop it: its failed write aborts the processor's transaction,
 * so its dead letter is written in a transaction of its own and the projection goes on with the next events. Before,
 * the dead letter's insert failed inside the aborted transaction and the processor retried the event forever.
 */
@LedgerlineIntegrationTest
class PoisonEventParkingIT {

    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void an_event_whose_write_postgresql_refuses_is_parked_once_and_the_projection_goes_on() {
        ProductId poison = new ProductId(UUID.randomUUID());
        ProductId sameBatch = new ProductId(UUID.randomUUID());
        // Stored before names were checked: PostgreSQL refuses text holding NUL, and the statement aborts the batch.
        publish(poison, new ProductCreated(poison, "NUL-1", "a\u0000b", Money.of("1.00", "EUR"), 1),
                sameBatch, new ProductCreated(sameBatch, "LAMP-2", "Lamp", Money.of("2.00", "EUR"), 2));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> assertThat(productIds()).contains(sameBatch.value()));
        assertThat(productIds()).doesNotContain(poison.value());
        assertThat(jdbc.queryForList("SELECT aggregateidentifier FROM deadletterentry WHERE processinggroup = ?",
                                     String.class, ProductsProjector.PROCESSING_GROUP))
                .containsExactly(poison.toString());

        ProductId later = new ProductId(UUID.randomUUID());
        publish(later, new ProductCreated(later, "LAMP-3", "Lamp", Money.of("3.00", "EUR"), 3), null, null);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(productIds()).contains(later.value()));
    }

    private List<UUID> productIds() {
        return jdbc.queryForList("SELECT product_id FROM products", UUID.class);
    }

    /** Both events in one transaction, so the processor takes them in one batch. */
    private void publish(ProductId first, Object firstPayload, ProductId second, Object secondPayload) {
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            eventStore.publish(new GenericDomainEventMessage<>("Product", first.toString(), 0, firstPayload));
            if (second != null) {
                eventStore.publish(new GenericDomainEventMessage<>("Product", second.toString(), 0, secondPayload));
            }
        });
    }
}
