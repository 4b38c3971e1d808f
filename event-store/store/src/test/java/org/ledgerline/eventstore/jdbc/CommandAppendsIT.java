package org.ledgerline.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.ledgerline.eventstore.CommandAppends;
import org.ledgerline.eventstore.EventStorePositions;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The append returns the positions a command's answer carries ({@link CommandAppends}): they are the stored rows'
 * own, and an append whose transaction does not commit leaves nothing an answer could name. On real PostgreSQL,
 * through the platform's storage engine.
 */
@LedgerlineIntegrationTest
class CommandAppendsIT {

    @Autowired
    EventStorageEngine storageEngine;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventStorePositions positions;

    @Test
    void the_append_returns_the_stored_position_and_version_of_the_aggregate_newest_event() {
        String aggregateId = UUID.randomUUID().toString();
        try (CommandAppends.Scope ignored = CommandAppends.open()) {
            new TransactionTemplate(transactions)
                    .executeWithoutResult(status -> storageEngine.appendEvents(
                            event(aggregateId, 0, "first"), event(aggregateId, 1, "second")));

            CommandAppends.Appended appended = CommandAppends.of(aggregateId).orElseThrow();
            assertThat(appended.head()).isEqualTo(positions.headOf(aggregateId));
            assertThat(appended.head().version()).isEqualTo(1);
            assertThat(appended.payload()).isEqualTo(new Probe(aggregateId, "second"));
            Map<String, Object> row = jdbc.queryForMap(
                    "SELECT globalindex FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = 1",
                    aggregateId);
            assertThat(appended.head().position()).isEqualTo(row.get("globalindex"));
        }
        assertThat(CommandAppends.of(aggregateId)).as("the scope is closed").isEmpty();
    }

    @Test
    void an_append_whose_transaction_rolls_back_is_forgotten() {
        String aggregateId = UUID.randomUUID().toString();
        try (CommandAppends.Scope ignored = CommandAppends.open()) {
            assertThatThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
                        storageEngine.appendEvents(event(aggregateId, 0, "rolled back"));
                        assertThat(CommandAppends.of(aggregateId))
                                .as("visible inside its own transaction (a keyed command's answer)")
                                .isPresent();
                        throw new IllegalStateException("the command's transaction fails after the append");
                    }))
                    .hasMessageContaining("after the append");

            assertThat(CommandAppends.of(aggregateId)).isEmpty();
            assertThat(positions.headOf(aggregateId)).isNull();
        }
    }

    @Test
    void a_duplicate_sequence_number_is_still_a_concurrency_conflict_and_names_no_position() {
        String aggregateId = UUID.randomUUID().toString();
        storageEngine.appendEvents(event(aggregateId, 0, "created"), event(aggregateId, 1, "stored"));
        try (CommandAppends.Scope ignored = CommandAppends.open()) {
            assertThatThrownBy(() -> new TransactionTemplate(transactions)
                            .executeWithoutResult(status -> storageEngine.appendEvents(event(aggregateId, 1, "stale"))))
                    .isInstanceOf(ConcurrencyException.class);

            assertThat(CommandAppends.of(aggregateId)).isEmpty();
        }
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?",
                        Integer.class,
                        aggregateId))
                .isEqualTo(2);
    }

    @Test
    void nothing_is_kept_outside_a_request_scope() {
        String aggregateId = UUID.randomUUID().toString();
        new TransactionTemplate(transactions)
                .executeWithoutResult(status -> storageEngine.appendEvents(event(aggregateId, 0, "processor")));

        try (CommandAppends.Scope ignored = CommandAppends.open()) {
            assertThat(CommandAppends.of(aggregateId)).isEmpty();
        }
    }

    private static GenericDomainEventMessage<Probe> event(String aggregateId, long sequence, String text) {
        return new GenericDomainEventMessage<>("Probe", aggregateId, sequence, new Probe(aggregateId, text));
    }

    record Probe(String id, String text) {}
}
