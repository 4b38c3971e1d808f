package org.ledgerline.eventstore.config;

import org.axonframework.common.lock.Lock;
import org.axonframework.common.lock.LockFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Aggregate locks held until the transaction the command's events are written in has ended. Axon releases an
 * aggregate's lock when the command's unit of work cleans up; in its own transaction that is after the commit, but a
 * unit of work that joined a longer transaction (a command request with an {@code Idempotency-Key}, ADR 0011) cleans
 * up before that transaction commits. Released then, the next command on the aggregate would read it without the
 * events not yet committed and lose the race for their sequence number (a 409 for a command that only had to wait).
 * Outside a transaction, or after its end, a lock is released at once as before.
 */
public class TransactionScopedLockFactory implements LockFactory {

    private final LockFactory delegate;

    public TransactionScopedLockFactory(LockFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public Lock obtainLock(String identifier) {
        Lock lock = delegate.obtainLock(identifier);
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
