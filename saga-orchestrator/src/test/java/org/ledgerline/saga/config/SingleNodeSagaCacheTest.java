package org.ledgerline.saga.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.junit.jupiter.api.Test;

class SingleNodeSagaCacheTest {

    private static final AssociationValue ORDER = new AssociationValue("orderId", "o-1");

    /** A store like the JDBC one: every load is a fresh copy of what was last written. */
    private final CountingStore database = new CountingStore();

    private final List<String> locked = new ArrayList<>();
    private final SingleNodeSagaCache cache = new SingleNodeSagaCache(database, 100, locked::add);

    @Test
    void serves_loads_and_lookups_from_memory_once_it_has_seen_a_saga() {
        inUnitOfWork(
                () -> { // as a starting event does: no saga for the order yet, then one is created
                    assertThat(cache.findSagas(Counter.class, ORDER)).isEmpty();
                    cache.insertSaga(Counter.class, "s-1", new Counter(1), Set.of(ORDER));
                });

        inUnitOfWork(() -> {
            assertThat(cache.findSagas(Counter.class, ORDER)).containsExactly("s-1");
            assertThat(cache.loadSaga(Counter.class, "s-1").saga().value).isEqualTo(1);
        });

        assertThat(database.reads).isEqualTo(1);
    }

    @Test
    void a_saga_served_from_memory_is_locked_in_the_database_first() {
        inUnitOfWork(() -> cache.insertSaga(Counter.class, "s-1", new Counter(1), Set.of(ORDER)));

        inUnitOfWork(() -> cache.loadSaga(Counter.class, "s-1"));

        assertThat(database.reads).isZero();
        assertThat(locked).containsExactly("s-1");
    }

    @Test
    void a_rolled_back_unit_of_work_leaves_no_half_applied_saga_in_memory() {
        inUnitOfWork(() -> cache.insertSaga(Counter.class, "s-1", new Counter(1), Set.of(ORDER)));

        UnitOfWork<?> failed = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("test"));
        cache.loadSaga(Counter.class, "s-1").saga().value = 2; // the handler changes the cached instance
        failed.rollback();

        inUnitOfWork(() ->
                assertThat(cache.loadSaga(Counter.class, "s-1").saga().value).isEqualTo(1));
        assertThat(database.reads).isEqualTo(1);
    }

    private static void inUnitOfWork(Runnable work) {
        DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("test"))
                .execute(work);
    }

    static final class Counter {
        int value;

        Counter(int value) {
            this.value = value;
        }
    }

    private static final class CountingStore implements SagaStore<Object> {
        final Map<String, Integer> values = new HashMap<>();
        final Map<String, Set<AssociationValue>> associations = new HashMap<>();
        int reads;

        @Override
        public Set<String> findSagas(Class<?> sagaType, AssociationValue associationValue) {
            reads++;
            Set<String> ids = new HashSet<>();
            associations.forEach((id, values) -> {
                if (values.contains(associationValue)) {
                    ids.add(id);
                }
            });
            return ids;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <S> Entry<S> loadSaga(Class<S> sagaType, String sagaIdentifier) {
            reads++;
            Counter copy = new Counter(values.get(sagaIdentifier));
            Set<AssociationValue> saved = Set.copyOf(associations.get(sagaIdentifier));
            return new Entry<>() {
                @Override
                public Set<AssociationValue> associationValues() {
                    return saved;
                }

                @Override
                public S saga() {
                    return (S) copy;
                }
            };
        }

        @Override
        public void deleteSaga(Class<?> sagaType, String sagaIdentifier, Set<AssociationValue> associationValues) {
            values.remove(sagaIdentifier);
            associations.remove(sagaIdentifier);
        }

        @Override
        public void insertSaga(
                Class<?> sagaType, String sagaIdentifier, Object saga, Set<AssociationValue> associationValues) {
            values.put(sagaIdentifier, ((Counter) saga).value);
            associations.put(sagaIdentifier, Set.copyOf(associationValues));
        }

        @Override
        public void updateSaga(
                Class<?> sagaType, String sagaIdentifier, Object saga, AssociationValues associationValues) {
            values.put(sagaIdentifier, ((Counter) saga).value);
            associations.put(sagaIdentifier, associationValues.asSet());
        }
    }
}
