package org.ledgerline.projections.products;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.ledgerline.kernel.Money;
import org.ledgerline.product.api.ProductCreated;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.ledgerline.user.api.AccountId;
import org.ledgerline.user.api.AccountOpened;
import org.ledgerline.user.api.MoneyDeposited;
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
        publish(
                poison, new ProductCreated(poison, "NUL-1", "a\u0000b", Money.of("1.00", "EUR"), 1),
                sameBatch, new ProductCreated(sameBatch, "LAMP-2", "Lamp", Money.of("2.00", "EUR"), 2));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(productIds()).contains(sameBatch.value()));
        assertThat(productIds()).doesNotContain(poison.value());
        assertThat(jdbc.queryForList(
                        "SELECT aggregateidentifier FROM deadletterentry WHERE processinggroup = ?",
                        String.class,
                        ProductsProjector.PROCESSING_GROUP))
                .containsExactly(poison.toString());

        ProductId later = new ProductId(UUID.randomUUID());
        publish(later, new ProductCreated(later, "LAMP-3", "Lamp", Money.of("3.00", "EUR"), 3), null, null);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(productIds()).contains(later.value()));
    }

    @Test
    void a_stored_deposit_no_money_column_holds_is_parked_and_the_accounts_read_model_goes_on() {
        UUID holder = UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        // Stored before amounts were bounded: 1e20 overflowed the balance's NUMERIC(19,4); Money now refuses it.
        jdbc.update(
                "INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, "
                        + "metadata, payload, payloadtype, timestamp) VALUES (?, 0, 'Account', ?, ?, ?, ?, "
                        + "'2026-11-24T00:00:00.000Z')",
                "account-" + holder,
                eventId,
                "{}".getBytes(StandardCharsets.UTF_8),
                ("{\"accountId\": {\"userId\": \"" + holder + "\"}, "
                                + "\"amount\": {\"amount\": 1E+20, \"currency\": \"EUR\"}, "
                                + "\"balance\": {\"amount\": 1E+20, \"currency\": \"EUR\"}}")
                        .getBytes(StandardCharsets.UTF_8),
                MoneyDeposited.class.getName());
        UUID next = UUID.randomUUID();
        new TransactionTemplate(transactions)
                .executeWithoutResult(status -> eventStore.publish(new GenericDomainEventMessage<>(
                        "Account",
                        "account-" + next,
                        0,
                        new AccountOpened(new AccountId(next), Currency.getInstance("EUR")))));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(jdbc.queryForList("SELECT user_id FROM accounts", UUID.class))
                        .contains(next));
        assertThat(jdbc.queryForList(
                        "SELECT eventidentifier FROM deadletterentry WHERE processinggroup = 'users'", String.class))
                .containsExactly(eventId);
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
