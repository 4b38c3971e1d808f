package org.ledgerline.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ledgerline.eventstore.JoiningSpringTransactionManager;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.UnexpectedRollbackException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A unit of work that fails inside a transaction it joined (a command request's, which also stores the answer to
 * its Idempotency-Key) never lets that transaction commit what the unit of work wrote before it failed. On real
 * PostgreSQL, through Axon's unit of work and the platform's transaction managers.
 */
@LedgerlineIntegrationTest
class JoiningSpringTransactionManagerIT {

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    TransactionManager axonTransactions;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void table() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS joined_probe (id INT PRIMARY KEY)");
        jdbc.execute("TRUNCATE joined_probe");
    }

    @Test
    void a_unit_of_work_that_failed_in_a_command_request_transaction_makes_it_roll_back() {
        TransactionTemplate outer = commandRequest();

        assertThatThrownBy(() -> outer.executeWithoutResult(status -> {
                    UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
                    unitOfWork.attachTransaction(axonTransactions);
                    // A command refused after its first write, its error answered by the caller (a 4xx) and not
                    // rethrown.
                    assertThatThrownBy(() -> unitOfWork.execute(() -> {
                                jdbc.update("INSERT INTO joined_probe (id) VALUES (1)");
                                throw new IllegalStateException("the command failed after its first write");
                            }))
                            .hasMessageContaining("failed after its first write");
                    assertThat(status.isRollbackOnly()).isTrue();
                }))
                .isInstanceOf(UnexpectedRollbackException.class);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM joined_probe", Integer.class))
                .isZero();
    }

    @Test
    void a_unit_of_work_that_failed_in_another_transaction_leaves_it_to_its_owner() {
        // As a dead letter's retry does: the inner unit of work fails, the outer one keeps the letter and commits.
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
            unitOfWork.attachTransaction(axonTransactions);
            assertThatThrownBy(() -> unitOfWork.execute(() -> {
                        throw new IllegalStateException("the letter is still poison");
                    }))
                    .hasMessageContaining("still poison");
            assertThat(status.isRollbackOnly()).isFalse();
            jdbc.update("INSERT INTO joined_probe (id) VALUES (4)");
        });

        assertThat(jdbc.queryForObject("SELECT count(*) FROM joined_probe", Integer.class))
                .isEqualTo(1);
    }

    @Test
    void a_unit_of_work_that_succeeded_in_a_joined_transaction_commits_with_it() {
        commandRequest().executeWithoutResult(status -> {
            UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
            unitOfWork.attachTransaction(axonTransactions);
            unitOfWork.execute(() -> jdbc.update("INSERT INTO joined_probe (id) VALUES (2)"));
            jdbc.update("INSERT INTO joined_probe (id) VALUES (3)");
        });

        assertThat(jdbc.queryForObject("SELECT count(*) FROM joined_probe", Integer.class))
                .isEqualTo(2);
    }

    private TransactionTemplate commandRequest() {
        TransactionTemplate template = new TransactionTemplate(transactions);
        template.setName(JoiningSpringTransactionManager.COMMAND_REQUEST);
        return template;
    }
}
