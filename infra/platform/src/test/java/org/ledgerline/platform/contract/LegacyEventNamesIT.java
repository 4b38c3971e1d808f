package org.ledgerline.platform.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.ledgerline.eventstore.LatestEvents;
import org.ledgerline.kernel.Money;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.product.api.RenameProduct;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.ledgerline.user.api.AccountId;
import org.ledgerline.user.api.MoneyDeposited;
import org.ledgerline.user.api.UserId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Events stored before names were pinned (Java class name, no revision: rows exactly as the platform wrote them
 * until ADR 0017) still load everywhere: an aggregate takes a command on top of them, the read model shows them,
 * the replicator publishes them under their pinned names on today's topic, and the newest-event lookup finds them.
 */
@LedgerlineIntegrationTest(kafka = true, properties = "ledgerline.replication.topic-prefix=legacy")
class LegacyEventNamesIT {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CommandGateway commands;

    @Autowired
    LatestEvents latestEvents;

    @Test
    void a_product_stored_under_its_class_name_takes_a_command_shows_in_the_read_model_and_reaches_its_topic() {
        ProductId id = new ProductId(UUID.randomUUID());
        storeAsBefore(
                "Product",
                id.toString(),
                0,
                "org.ledgerline.product.api.ProductCreated",
                "{\"productId\":{\"value\":\"" + id + "\"},\"sku\":\"OLD-" + id + "\",\"name\":\"Teapot\","
                        + "\"price\":{\"amount\":20.00,\"currency\":\"EUR\"},\"initialStock\":10}");

        commands.sendAndWait(new RenameProduct(id, "Kettle", null));

        assertThat(jdbc.queryForList(
                        "SELECT payloadtype || '/' || coalesce(payloadrevision, '-') FROM domainevententry "
                                + "WHERE aggregateidentifier = ? ORDER BY sequencenumber",
                        String.class,
                        id.toString()))
                .containsExactly("org.ledgerline.product.api.ProductCreated/-", "product.ProductRenamed/1");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(jdbc.queryForList(
                                "SELECT name || ' ' || available FROM products WHERE product_id = ?",
                                String.class,
                                id.value()))
                        .containsExactly("Kettle 10"));

        List<ConsumerRecord<String, byte[]>> mine = ReplicatedRecords.ofKey("legacy.product.events", id.toString(), 2);
        assertThat(mine)
                .extracting(r -> ReplicatedRecords.header(r, "ce_type"))
                .containsExactly("product.ProductCreated", "product.ProductRenamed");
        assertThat(mine)
                .extracting(r -> ReplicatedRecords.header(r, "ledgerline_revision"))
                .containsExactly("1", "1");
        assertThat(new String(mine.getFirst().value(), StandardCharsets.UTF_8)).contains("\"name\":\"Teapot\"");
    }

    @Test
    void the_newest_deposit_stored_under_its_class_name_is_found() {
        AccountId account = AccountId.of(new UserId(UUID.randomUUID()));
        String accountId = account.toString();
        String json = "{\"accountId\":{\"userId\":\"" + account.userId() + "\"},";
        storeAsBefore("Account", accountId, 0, "org.ledgerline.user.api.AccountOpened", json + "\"currency\":\"EUR\"}");
        storeAsBefore(
                "Account",
                accountId,
                1,
                "org.ledgerline.user.api.MoneyDeposited",
                json + "\"amount\":{\"amount\":25.00,\"currency\":\"EUR\"},"
                        + "\"balance\":{\"amount\":25.00,\"currency\":\"EUR\"}}");

        assertThat(latestEvents.latest(accountId, MoneyDeposited.class))
                .get()
                .extracting(MoneyDeposited::balance)
                .isEqualTo(Money.of("25.00", "EUR"));
        assertThat(latestEvents.newestIf(accountId, MoneyDeposited.class))
                .get()
                .extracting(newest -> newest.payload().amount())
                .isEqualTo(Money.of("25.00", "EUR"));
    }

    /** A row as the event store wrote it before ADR 0017: the payload's class name as its type, no revision. */
    private void storeAsBefore(
            String aggregateType, String aggregateId, long sequence, String className, String payload) {
        jdbc.update(
                "INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, "
                        + "metadata, payload, payloadrevision, payloadtype, timestamp) "
                        + "VALUES (?, ?, ?, ?, ?, ?, NULL, ?, '2026-11-24T00:00:00.000Z')",
                aggregateId,
                sequence,
                aggregateType,
                UUID.randomUUID().toString(),
                "{}".getBytes(StandardCharsets.UTF_8),
                payload.getBytes(StandardCharsets.UTF_8),
                className);
    }
}
