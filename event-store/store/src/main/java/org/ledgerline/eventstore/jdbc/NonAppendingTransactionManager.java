package org.ledgerline.eventstore.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The transactions of an event processor (projector, saga, replicator, rebuild): each declares, as it starts, that
 * it will append no events, so its length does not hold back what streaming readers see ({@link EventHorizon}).
 * The declaration costs one statement per transaction; appending events in a declared transaction is refused.
 */
public final class NonAppendingTransactionManager implements TransactionManager {

    private static final Object DECLARED = NonAppendingTransactionManager.class.getName() + ".declared";

    private final TransactionManager delegate;
    private final ConnectionProvider connections;

    public NonAppendingTransactionManager(TransactionManager delegate, ConnectionProvider connections) {
        this.delegate = delegate;
        this.connections = connections;
    }

    @Override
    public Transaction startTransaction() {
        // Only a transaction this call begins is declared: one it joins may have appended events already.
        boolean joins = TransactionSynchronizationManager.isActualTransactionActive();
        Transaction transaction = delegate.startTransaction();
        if (joins
                || !TransactionSynchronizationManager.isSynchronizationActive()
                || TransactionSynchronizationManager.hasResource(DECLARED)) {
            return transaction;
        }
        try {
            declare();
        } catch (RuntimeException e) {
            transaction.rollback();
            throw e;
        }
        return transaction;
    }

    /** Whether the current transaction said it appends no events. */
    public static boolean currentTransactionIsNonAppending() {
        return TransactionSynchronizationManager.isSynchronizationActive()
                && TransactionSynchronizationManager.hasResource(DECLARED);
    }

    private void declare() {
        try (Connection connection = connections.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(EventHorizon.DECLARE_NON_APPENDING);
        } catch (SQLException e) {
            throw new EventStoreException("Could not declare an event processor's transaction as non-appending", e);
        }
        TransactionSynchronizationManager.bindResource(DECLARED, Boolean.TRUE);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(DECLARED);
            }
        });
    }
}
