package org.ledgerline.eventstore;

import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Axon's Spring transaction manager, except that a unit of work that rolls back inside a command request's
 * transaction ({@link #COMMAND_REQUEST}) marks that transaction rollback-only. Axon's own leaves a joined transaction
 * alone on rollback: Spring still takes it for healthy and its owner commits it, with whatever the failed unit of
 * work wrote through Spring (a unique claim with {@code JdbcTemplate}, a row with jOOQ). (Axon's JDBC connection
 * wrapper rolls the connection back itself when the unit of work used it for events, which ends the joined
 * transaction behind Spring's back; marked, its owner knows.) A command request runs inside its idempotency key's
 * transaction, which must then store no answer with it (ADR 0011).
 *
 * <p>Only that transaction: Axon nests units of work inside transactions of its own that must commit after an inner
 * failure. A dead letter's retry, for one, handles the letter in an inner unit of work and, when it fails again,
 * keeps the letter (its new cause and retry count) in the outer transaction.
 */
public class JoiningSpringTransactionManager extends SpringTransactionManager {

    /** The name of a command request's transaction, which a failed unit of work inside it marks rollback-only. */
    public static final String COMMAND_REQUEST = "ledgerline-command-request";

    private final PlatformTransactionManager transactionManager;

    public JoiningSpringTransactionManager(PlatformTransactionManager transactionManager) {
        super(transactionManager);
        this.transactionManager = transactionManager;
    }

    @Override
    protected void rollbackTransaction(TransactionStatus status) {
        if (!status.isNewTransaction()
                && !status.isCompleted()
                && COMMAND_REQUEST.equals(TransactionSynchronizationManager.getCurrentTransactionName())) {
            // Spring's rollback of a participating transaction marks the one it joined rollback-only.
            transactionManager.rollback(status);
            return;
        }
        super.rollbackTransaction(status);
    }
}
