package org.ledgerline.eventstore.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.common.lock.Lock;
import org.axonframework.common.lock.PessimisticLockFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ledgerline.eventstore.CaffeineCache;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What a command leaves behind when its unit of work joined a longer transaction (a command request with an
 * Idempotency-Key): its aggregate's lock lasts until that transaction ends, and a cached aggregate of a transaction
 * that rolled back is gone.
 */
class TransactionScopedAggregatesTest {

    @AfterEach
    void endTransaction() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    @Test
    void an_aggregate_lock_released_inside_a_transaction_is_held_until_the_transaction_ends() {
        TransactionScopedLockFactory locks = new TransactionScopedLockFactory(PessimisticLockFactory.usingDefaults());
        TransactionSynchronizationManager.initSynchronization();
        Lock lock = locks.obtainLock("account-1");

        lock.release();
        assertThat(lock.isHeld()).isTrue();

        end(TransactionSynchronization.STATUS_COMMITTED);
        assertThat(lock.isHeld()).isFalse();
    }

    @Test
    void an_aggregate_lock_released_outside_a_transaction_is_released_at_once() {
        TransactionScopedLockFactory locks = new TransactionScopedLockFactory(PessimisticLockFactory.usingDefaults());
        Lock lock = locks.obtainLock("account-1");

        lock.release();

        assertThat(lock.isHeld()).isFalse();
    }

    @Test
    void an_aggregate_cached_in_a_transaction_that_rolled_back_is_evicted_and_kept_when_it_committed() {
        StoreCheckedAggregateCache cache =
                new StoreCheckedAggregateCache(new CaffeineCache(10), null, new SimpleMeterRegistry());
        TransactionSynchronizationManager.initSynchronization();
        cache.put("rolled-back", "aggregate at version 5");
        cache.put("committed", "aggregate at version 7");
        assertThat(cache.containsKey("rolled-back")).isTrue();

        end(TransactionSynchronization.STATUS_ROLLED_BACK);
        assertThat(cache.containsKey("rolled-back")).isFalse();

        TransactionSynchronizationManager.initSynchronization();
        cache.put("committed", "aggregate at version 7");
        end(TransactionSynchronization.STATUS_COMMITTED);
        assertThat(cache.containsKey("committed")).isTrue();
    }

    private static void end(int status) {
        var synchronizations = TransactionSynchronizationManager.getSynchronizations();
        TransactionSynchronizationManager.clearSynchronization();
        synchronizations.forEach(synchronization -> synchronization.afterCompletion(status));
    }
}
