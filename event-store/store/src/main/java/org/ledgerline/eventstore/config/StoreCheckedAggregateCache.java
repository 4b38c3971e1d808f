package org.ledgerline.eventstore.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.ledgerline.eventstore.EventStorePositions;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * An aggregate cache that hands out a cached aggregate only while it is current: on each load it compares the cached
 * version with the newest sequence number in the store (one backward step on the (aggregate, sequence) index, inside
 * the command's transaction) and, if another node or anything else appended meanwhile, drops the entry so that Axon
 * loads the aggregate from its snapshot and events as without a cache. A stale aggregate would not only lose its
 * append to the sequence-number constraint: a command it decides with no event (a refund already made, a rule
 * refusal) would be answered from old state, which no constraint catches. ADR 0007.
 *
 * <p>Metric {@code ledgerline.aggregate_cache.loads{outcome=hit|stale|miss}}.
 */
public class StoreCheckedAggregateCache implements Cache {

    private static final VarHandle VERSION = versionHandle();

    private final Cache delegate;
    private final EventStorePositions positions;
    private final Counter hits;
    private final Counter stale;
    private final Counter misses;

    public StoreCheckedAggregateCache(Cache delegate, EventStorePositions positions, MeterRegistry meters) {
        this.delegate = delegate;
        this.positions = positions;
        this.hits = meters.counter("ledgerline.aggregate_cache.loads", "outcome", "hit");
        this.stale = meters.counter("ledgerline.aggregate_cache.loads", "outcome", "stale");
        this.misses = meters.counter("ledgerline.aggregate_cache.loads", "outcome", "miss");
    }

    @Override
    public <K, V> V get(K key) {
        V value = delegate.get(key);
        if (value == null) {
            misses.increment();
            return null;
        }
        if (value instanceof AggregateCacheEntry<?> entry && !isCurrent(key, entry)) {
            delegate.remove(key);
            stale.increment();
            return null;
        }
        hits.increment();
        return value;
    }

    private boolean isCurrent(Object aggregateId, AggregateCacheEntry<?> entry) {
        Long cached = (Long) VERSION.get(entry);
        if (cached == null) {
            // An aggregate a command created without applying any event (e.g. a refund on an account that never
            // existed) is not in the store at all: uncached, the next command would start from scratch, so must this.
            return false;
        }
        OptionalLong stored = positions.versionOf(aggregateId.toString());
        return stored.isPresent() && stored.getAsLong() == cached;
    }

    private static VarHandle versionHandle() {
        // Axon keeps the version private; a rename in an Axon upgrade fails here, at start-up, not silently.
        try {
            return MethodHandles.privateLookupIn(AggregateCacheEntry.class, MethodHandles.lookup())
                    .findVarHandle(AggregateCacheEntry.class, "version", Long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public void put(Object key, Object value) {
        delegate.put(key, value);
        forgetIfRolledBack(key);
    }

    /**
     * Axon caches an aggregate before the transaction of its events commits and evicts it when its unit of work rolls
     * back; a unit of work that joined a longer transaction (ADR 0011) has committed by then, so the transaction's own
     * rollback must evict it too. Left in, a rolled-back aggregate at version n would pass the version check as soon
     * as another node stored a different event n.
     */
    private void forgetIfRolledBack(Object key) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status != STATUS_COMMITTED) {
                        delegate.remove(key);
                    }
                }
            });
        }
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return delegate.putIfAbsent(key, value);
    }

    @Override
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return delegate.computeIfAbsent(key, valueSupplier);
    }

    @Override
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        delegate.computeIfPresent(key, update);
    }

    @Override
    public boolean remove(Object key) {
        return delegate.remove(key);
    }

    @Override
    public void removeAll() {
        delegate.removeAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return delegate.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        return delegate.registerCacheEntryListener(listener);
    }
}
