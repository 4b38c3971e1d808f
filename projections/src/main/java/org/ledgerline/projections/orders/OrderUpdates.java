package org.ledgerline.projections.orders;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live updates of single orders over Server-Sent Events. The projector names the orders a batch changed; once the
 * batch has committed, every subscriber of those orders gets the order as the read model now has it.
 */
@Component
class OrderUpdates implements SmartLifecycle {

    private static final String CHANGED = OrderUpdates.class.getName() + ".changed";

    private final Map<UUID, List<SseEmitter>> subscribers = new ConcurrentHashMap<>();
    private volatile boolean running;

    OrderUpdates(ObjectProvider<MeterRegistry> meters) {
        meters.ifAvailable(
                registry -> registry.gaugeMapSize("ledgerline.orders.live.subscriptions", List.of(), subscribers));
    }

    SseEmitter subscribe(UUID orderId, long timeoutMillis) {
        SseEmitter emitter = new SseEmitter(timeoutMillis);
        List<SseEmitter> list = subscribers.computeIfAbsent(orderId, id -> new CopyOnWriteArrayList<>());
        list.add(emitter);
        Runnable remove = () -> {
            list.remove(emitter);
            subscribers.computeIfPresent(orderId, (id, l) -> l.isEmpty() ? null : l);
        };
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
        return emitter;
    }

    /** Called by the projector inside its unit of work: sends after commit, once per order and batch. */
    @SuppressWarnings("unchecked")
    void changed(UUID orderId, Function<UUID, Object> currentView) {
        if (!subscribers.containsKey(orderId) || !CurrentUnitOfWork.isStarted()) {
            return;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        Set<UUID> changed = root.getOrComputeResource(CHANGED, key -> {
            Set<UUID> orders = ConcurrentHashMap.newKeySet();
            root.afterCommit(u -> orders.forEach(id -> send(id, currentView.apply(id))));
            return orders;
        });
        changed.add(orderId);
    }

    void send(UUID orderId, Object view) {
        for (SseEmitter emitter : subscribers.getOrDefault(orderId, List.of())) {
            try {
                emitter.send(SseEmitter.event()
                        .name("order")
                        .id(String.valueOf(System.nanoTime()))
                        .data(view));
            } catch (IOException | IllegalStateException e) {
                emitter.completeWithError(e);
            }
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /** Ends the open streams first, so a graceful shutdown does not wait for followers that never leave. */
    @Override
    public void stop() {
        running = false;
        subscribers.values().forEach(list -> list.forEach(SseEmitter::complete));
        subscribers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }
}
