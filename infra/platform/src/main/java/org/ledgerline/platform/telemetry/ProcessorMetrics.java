package org.ledgerline.platform.telemetry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.ledgerline.eventstore.CommitOrderTrackingToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.ScheduledMethodRunnable;
import org.springframework.util.ReflectionUtils;

/**
 * Where each streaming event processor stands, as gauges tagged {@code processor}:
 * {@code ledgerline.processor.position}
 * (lowest position over its segments), {@code ledgerline.processor.lag.events} (head minus position),
 * {@code ledgerline.processor.lag.seconds} (age of the oldest event it has not handled yet; 0 when caught up),
 * {@code ledgerline.processor.dead_letters} (letters in its dead-letter queues, one per processing group it runs) and
 * {@code ledgerline.processor.running} (1 running, 0 stopped or in error). Refreshed on a schedule, not per scrape,
 * so a busy Prometheus costs the database nothing extra.
 */
class ProcessorMetrics implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(ProcessorMetrics.class);

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Duration interval;
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    ProcessorMetrics(
            EventProcessingConfiguration processing,
            EventStore eventStore,
            JdbcTemplate jdbc,
            MeterRegistry meters,
            Clock clock,
            Duration interval) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.jdbc = jdbc;
        this.meters = meters;
        this.clock = clock;
        this.interval = interval;
    }

    /** Every {@code ledgerline.metrics.processor-interval}, the first time one interval after start. */
    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(
                new ScheduledMethodRunnable(this, ReflectionUtils.findMethod(ProcessorMetrics.class, "refresh")),
                interval,
                interval));
    }

    record Snapshot(double position, double lagEvents, double lagSeconds, double deadLetters, double running) {}

    void refresh() {
        try {
            TrackingToken head = eventStore.createHeadToken();
            long headPosition = head instanceof CommitOrderTrackingToken token ? token.globalIndex() : -1;
            Map<String, Long> letters = byProcessor(deadLetters());
            for (String name : processing.eventProcessors().keySet()) {
                processing.eventProcessor(name, StreamingEventProcessor.class).ifPresent(processor -> {
                    snapshots.put(name, snapshot(processor, headPosition, letters.getOrDefault(name, 0L)));
                    register(name);
                });
            }
        } catch (RuntimeException e) {
            // A database hiccup must not kill the schedule; the gauges keep their last values.
            log.warn("Could not refresh processor metrics: {}", e.getMessage());
        }
    }

    private Snapshot snapshot(StreamingEventProcessor processor, long head, long deadLetters) {
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        long position = status.values().stream()
                .map(EventTrackerStatus::getTrackingToken)
                .map(token -> token == null ? null : WrappedToken.unwrapLowerBound(token))
                .filter(CommitOrderTrackingToken.class::isInstance)
                .mapToLong(token -> ((CommitOrderTrackingToken) token).globalIndex())
                .min()
                .orElse(status.isEmpty() ? head : 0);
        long lag = Math.max(0, head - position);
        double lagSeconds = lag == 0 ? 0 : ageOfFirstEventAfter(position);
        double running = processor.isRunning() && !processor.isError() ? 1 : 0;
        return new Snapshot(position, lag, lagSeconds, deadLetters, running);
    }

    private double ageOfFirstEventAfter(long position) {
        List<String> timestamps = jdbc.queryForList(
                "SELECT timestamp FROM domainevententry WHERE globalindex > ? ORDER BY globalindex LIMIT 1",
                String.class,
                position);
        if (timestamps.isEmpty()) {
            return 0;
        }
        try {
            return Math.max(
                    0,
                    Duration.between(Instant.parse(timestamps.getFirst()), clock.instant())
                                    .toMillis()
                            / 1000.0);
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    private Map<String, Long> deadLetters() {
        Map<String, Long> counts = new HashMap<>();
        jdbc.query("SELECT processinggroup, count(*) FROM deadletterentry GROUP BY processinggroup", rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        });
        return counts;
    }

    /**
     * Dead letters are kept per processing group; a processor running several (the read models' {@code read-models},
     * ADR 0025) counts the letters of all of them.
     */
    private Map<String, Long> byProcessor(Map<String, Long> byGroup) {
        Map<String, Long> counts = new HashMap<>();
        byGroup.forEach((group, count) -> {
            String processor = processing
                    .eventProcessorByProcessingGroup(group)
                    .map(EventProcessor::getName)
                    .orElse(group);
            counts.merge(processor, count, Long::sum);
        });
        return counts;
    }

    private void register(String name) {
        if (!registered.add(name)) {
            return;
        }
        gauge(
                "ledgerline.processor.position",
                name,
                "Lowest event-store position over the processor's segments",
                Snapshot::position);
        gauge(
                "ledgerline.processor.lag.events",
                name,
                "Events in the store the processor has not handled yet",
                Snapshot::lagEvents);
        gauge(
                "ledgerline.processor.lag.seconds",
                name,
                "Age of the oldest event the processor has not handled yet",
                Snapshot::lagSeconds);
        gauge(
                "ledgerline.processor.dead_letters",
                name,
                "Events in the processor's dead-letter queue",
                Snapshot::deadLetters);
        gauge("ledgerline.processor.running", name, "1 while the processor runs without error", Snapshot::running);
    }

    private void gauge(String metric, String name, String description, ToDoubleFunction<Snapshot> value) {
        Gauge.builder(metric, snapshots, all -> {
                    Snapshot snapshot = all.get(name);
                    return snapshot == null ? Double.NaN : value.applyAsDouble(snapshot);
                })
                .description(description)
                .tag("processor", name)
                .register(meters);
    }
}
