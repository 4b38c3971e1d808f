package org.ledgerline.saga.config;

import java.util.Set;
import java.util.function.Consumer;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.repository.CachingSagaStore;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.ledgerline.eventstore.CaffeineCache;

/**
 * Axon's {@link CachingSagaStore} in front of the JDBC saga store, for a platform that runs on ONE node
 * ({@code ledgerline.saga.cache-size > 0}; off by default). It saves the three reads per saga event (find by
 * association, load, load associations); every write still goes to the database in the same transaction.
 *
 * <p>Two holes of the plain {@code CachingSagaStore} are closed here: it caches the saga instance that the handler
 * then changes in place, and it updates the cache before the transaction commits. So any unit of work that loaded
 * or wrote a saga evicts the whole cache when it rolls back (rare): a retried event then meets the saga as the
 * database has it, not a half-applied copy whose commands were never sent.
 *
 * <p>A cached saga is still locked in the database before it is handed out ({@code lock}, the row lock every load of
 * the store takes): a deadline, which runs beside the saga processor's batch, waits for the batch that holds the saga
 * and then finds what the batch committed (the cache is updated before the commit and evicted before a rollback
 * releases the lock), instead of changing the same instance at the same time and overwriting the batch's change.
 *
 * <p>Not for a cluster: deadlines fire on whichever node db-scheduler picks and operator actions run on the node
 * that serves the request, so another node can change a saga this node has cached, and the next event here would
 * overwrite that change (ADR 0005).
 */
final class SingleNodeSagaCache implements SagaStore<Object> {

    private final CaffeineCache sagas;
    private final CaffeineCache associations;
    private final CachingSagaStore<Object> store;
    private final Consumer<String> lock;

    SingleNodeSagaCache(SagaStore<Object> delegate, int size, Consumer<String> lock) {
        this.lock = lock;
        this.sagas = new CaffeineCache(size);
        this.associations = new CaffeineCache(size);
        this.store = CachingSagaStore.builder()
                .delegateSagaStore(delegate)
                .sagaCache(sagas)
                .associationsCache(associations)
                .build();
    }

    @Override
    public Set<String> findSagas(Class<?> sagaType, AssociationValue associationValue) {
        evictOnRollback();
        return store.findSagas(sagaType, associationValue);
    }

    @Override
    public <S> Entry<S> loadSaga(Class<S> sagaType, String sagaIdentifier) {
        evictOnRollback();
        lock.accept(sagaIdentifier);
        return store.loadSaga(sagaType, sagaIdentifier);
    }

    @Override
    public void deleteSaga(Class<?> sagaType, String sagaIdentifier, Set<AssociationValue> associationValues) {
        evictOnRollback();
        store.deleteSaga(sagaType, sagaIdentifier, associationValues);
    }

    @Override
    public void insertSaga(
            Class<?> sagaType, String sagaIdentifier, Object saga, Set<AssociationValue> associationValues) {
        evictOnRollback();
        store.insertSaga(sagaType, sagaIdentifier, saga, associationValues);
    }

    @Override
    public void updateSaga(Class<?> sagaType, String sagaIdentifier, Object saga, AssociationValues associationValues) {
        evictOnRollback();
        store.updateSaga(sagaType, sagaIdentifier, saga, associationValues);
    }

    private void evictOnRollback() {
        if (!CurrentUnitOfWork.isStarted()) {
            return;
        }
        var root = CurrentUnitOfWork.get().root();
        root.getOrComputeResource(SingleNodeSagaCache.class.getName(), key -> {
            root.onRollback(unitOfWork -> {
                sagas.removeAll();
                associations.removeAll();
            });
            return Boolean.TRUE;
        });
    }
}
