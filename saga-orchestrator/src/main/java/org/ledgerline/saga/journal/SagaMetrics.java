package org.ledgerline.saga.journal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.ledgerline.saga.api.SagaState;
import org.ledgerline.saga.api.SagaStep;
import org.ledgerline.saga.api.StepStatus;

/**
 * The saga's meters: {@code ledgerline.saga.instances} by state (a gauge read from the read model, at most every
 * five seconds), {@code ledgerline.saga.step.duration} by step and outcome, {@code ledgerline.saga.compensations}
 * and {@code ledgerline.saga.failures}.
 */
public class SagaMetrics {

    private static final long REFRESH_NANOS = Duration.ofSeconds(5).toNanos();

    private final MeterRegistry registry;
    private final Counter compensations;
    private final Counter failures;
    private final AtomicReference<Snapshot> counts = new AtomicReference<>(new Snapshot(Map.of(), 0));

    record Snapshot(Map<SagaState, Long> counts, long takenAt) {}

    public SagaMetrics(MeterRegistry registry, SagaViews views) {
        this.registry = registry;
        this.compensations = Counter.builder("ledgerline.saga.compensations")
                .description("Sagas that began to compensate")
                .register(registry);
        this.failures = Counter.builder("ledgerline.saga.failures")
                .description("Saga event handlers that threw")
                .register(registry);
        for (SagaState state : SagaState.values()) {
            Gauge.builder("ledgerline.saga.instances", () -> current(views).getOrDefault(state, 0L))
                    .tag("state", state.name())
                    .description("Order sagas by state")
                    .register(registry);
        }
    }

    private Map<SagaState, Long> current(SagaViews views) {
        Snapshot snapshot = counts.get();
        long now = System.nanoTime();
        if (snapshot.counts().isEmpty() || now - snapshot.takenAt() > REFRESH_NANOS) {
            snapshot = new Snapshot(views.counts(), now);
            counts.set(snapshot);
        }
        return snapshot.counts();
    }

    void stepFinished(SagaStep step, StepStatus outcome, Duration took) {
        Timer.builder("ledgerline.saga.step.duration")
                .tag("step", step.name())
                .tag("outcome", outcome.name())
                .description("From a saga step's start to its outcome")
                .register(registry)
                .record(took);
    }

    void compensationStarted() {
        compensations.increment();
    }

    void failed() {
        failures.increment();
    }
}
