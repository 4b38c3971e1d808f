package org.ledgerline.eventstore.config;

import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.axonframework.common.lock.Lock;
import org.axonframework.common.lock.LockFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Aggregate locks held until the transaction the command's events are written in has ended. Axon releases an
 * aggregate's lock when the command's unit of work cleans up; in its own transaction that is after the commit, but a
 * unit of work that joined a longer transaction (a command request with an {@code Idempotency-Key}, ADR 0011) cleans
 * up before that transaction commits. Released then, the next command on the aggregate would read it without the
 * events not yet committed and lose the race for their sequence number (a 409 for a command that only had to wait).
 * Outside a transaction, or after its end, a lock is released at once as before.
 *
 * <p>With several nodes ({@code severalNodes}: another node's listener seen, ADR 0028) the lock is also taken in
 * PostgreSQL, as a transaction-scoped advisory lock on the aggregate's id ({@code pg_advisory_xact_lock}, first key
 * "LLAG"), after this node's own: two nodes' commands on one aggregate then wait for each other as two commands on one
 * node do, instead of the later one failing on the stream's sequence number (ADR 0029). The optimistic check stays
 * the guarantee; the lock only turns a lost race into a wait. Alone, a node takes no database lock.
 */
public class TransactionScopedLockFactory implements LockFactory {

    /** The first key of the aggregates' advisory locks ("LLAG"); the second is {@code hashtext} of the id. */
    static final int LOCK_NAMESPACE = 0x4C4C4147;

    private static final String LOCK_IN_DATABASE = "SELECT pg_advisory_xact_lock(" + LOCK_NAMESPACE + ", hashtext(?))";

    private final LockFactory delegate;
    private final JdbcTemplate jdbc;
    private final BooleanSupplier severalNodes;

    /** Locks in this JVM only. */
    public TransactionScopedLockFactory(LockFactory delegate) {
        this(delegate, null, () -> false);
    }

    /** Locks in this JVM, and in PostgreSQL while {@code severalNodes} says so. */
    public TransactionScopedLockFactory(LockFactory delegate, DataSource dataSource, BooleanSupplier severalNodes) {
        this.delegate = delegate;
        this.jdbc = dataSource == null ? null : new JdbcTemplate(dataSource);
        this.severalNodes = severalNodes;
    }

    @Override
    public Lock obtainLock(String identifier) {
        Lock lock = delegate.obtainLock(identifier);
        if (jdbc != null
                && TransactionSynchronizationManager.isActualTransactionActive()
                && severalNodes.getAsBoolean()) {
            try {
                // On the transaction's connection; PostgreSQL releases it when the transaction ends.
                jdbc.query(LOCK_IN_DATABASE, row -> {}, identifier);
            } catch (RuntimeException e) {
                lock.release();
                throw e;
            }
        }
        return new Lock() {
            @Override
            public void release() {
                if (!TransactionSynchronizationManager.isSynchronizationActive()) {
                    lock.release();
                    return;
                }
                // Same thread: Spring runs afterCompletion on the thread that ends the transaction.
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCompletion(int status) {
                        lock.release();
                    }
                });
            }

            @Override
            public boolean isHeld() {
                return lock.isHeld();
            }
        };
    }
}
