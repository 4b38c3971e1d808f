package org.ledgerline.eventstore.jdbc;

import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;

/**
 * Axon's Spring transaction manager, except that a unit of work that rolls back inside a transaction it joined marks
 * that transaction rollback-only. Axon's own leaves a joined transaction untouched on rollback, so whatever the
 * failed command wrote before it failed (an event appended before a subscribing handler threw, a unique claim) would
 * commit with the caller's transaction. A command request runs inside its idempotency key's transaction, which must
 * then not commit (ADR 0010).
 */
public class JoiningSpringTransactionManager extends SpringTransactionManager {

    private final PlatformTransactionManager transactionManager;

    public JoiningSpringTransactionManager(PlatformTransactionManager transactionManager) {
        super(transactionManager);
        this.transactionManager = transactionManager;
    }

    @Override
    protected void rollbackTransaction(TransactionStatus status) {
        if (!status.isNewTransaction() && !status.isCompleted()) {
            // Spring's rollback of a participating transaction marks the one it joined rollback-only.
            transactionManager.rollback(status);
            return;
        }
        super.rollbackTransaction(status);
    }
}
