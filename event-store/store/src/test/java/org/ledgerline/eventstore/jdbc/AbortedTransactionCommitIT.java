package org.ledgerline.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A transaction PostgreSQL aborted is never acknowledged: once a statement failed, PostgreSQL answers the commit with
 * a rollback and the driver reports success, so whoever caught the statement's error would report a write that never
 * happened. On real PostgreSQL, through the platform's transaction manager and through Axon's unit of work.
 */
@LedgerlineIntegrationTest
class AbortedTransactionCommitIT {

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    TransactionManager axonTransactions;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void table() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS commit_probe (id INT PRIMARY KEY, note TEXT)");
        jdbc.execute("TRUNCATE commit_probe");
        jdbc.update("INSERT INTO commit_probe VALUES (0, 'there before')");
    }

    @Test
    void a_commit_after_a_caught_statement_error_throws_and_stores_nothing() {
        double refusedBefore = refused();

        assertThatThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
                    jdbc.update("INSERT INTO commit_probe VALUES (1, 'written before the failure')");
                    swallowFailingStatement();
                }))
                .isInstanceOf(SilentRollbackException.class);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM commit_probe", Long.class))
                .isEqualTo(1);
        assertThat(refused()).isEqualTo(refusedBefore + 1);
    }

    @Test
    void a_unit_of_work_whose_handler_error_was_swallowed_fails_instead_of_committing() {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(axonTransactions);

        assertThatThrownBy(() -> unitOfWork.execute(() -> {
                    jdbc.update("INSERT INTO commit_probe VALUES (2, 'a handler wrote this')");
                    swallowFailingStatement(); // an error handler that logs and goes on
                }))
                .isInstanceOf(SilentRollbackException.class);

        assertThat(jdbc.queryForList("SELECT id FROM commit_probe", Integer.class))
                .containsExactly(0);
    }

    @Test
    void a_healthy_transaction_commits_as_before() {
        new TransactionTemplate(transactions)
                .executeWithoutResult(status -> jdbc.update("INSERT INTO commit_probe VALUES (3, 'stored')"));

        assertThat(jdbc.queryForList("SELECT id FROM commit_probe ORDER BY id", Integer.class))
                .containsExactly(0, 3);
    }

    private void swallowFailingStatement() {
        try {
            jdbc.update("INSERT INTO commit_probe VALUES (0, 'a duplicate key, refused by PostgreSQL')");
        } catch (DataAccessException swallowed) {
            // What the bug looked like: the error is caught, the transaction goes on to commit.
        }
    }

    private double refused() {
        var counter =
                meters.find(AbortRefusingTransactionManager.REFUSED_METRIC).counter();
        return counter == null ? 0 : counter.count();
    }
}
