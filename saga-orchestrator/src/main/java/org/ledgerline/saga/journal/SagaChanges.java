package org.ledgerline.saga.journal;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Tells listeners (the SSE stream) which sagas changed, once the change is committed: one notice per unit of work
 * with every order it touched.
 */
public class SagaChanges {

    private static final String RESOURCE = SagaChanges.class.getName();

    private final CopyOnWriteArrayList<Consumer<Set<UUID>>> listeners = new CopyOnWriteArrayList<>();

    public Runnable subscribe(Consumer<Set<UUID>> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void changed(UUID orderId) {
        if (listeners.isEmpty()) {
            return;
        }
        if (!CurrentUnitOfWork.isStarted()) {
            publish(Set.of(orderId));
            return;
        }
        Set<UUID> touched = CurrentUnitOfWork.get().root().getOrComputeResource(RESOURCE, key -> {
            Set<UUID> orders = new LinkedHashSet<>();
            CurrentUnitOfWork.get().root().afterCommit(unitOfWork -> publish(orders));
            return orders;
        });
        touched.add(orderId);
    }

    private void publish(Set<UUID> orders) {
        for (Consumer<Set<UUID>> listener : listeners) {
            listener.accept(Set.copyOf(orders));
        }
    }
}
