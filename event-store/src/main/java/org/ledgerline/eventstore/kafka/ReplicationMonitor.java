package org.ledgerline.eventstore.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.WrappedToken;
import org.ledgerline.eventstore.CommitOrderTrackingToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Measures how far the replica is behind the store — in events and in seconds since the oldest event not yet on
 * Kafka — every few seconds, for the lag gauges, health and the admin API.
 */
public class ReplicationMonitor implements SmartInitializingSingleton, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReplicationMonitor.class);
    static final long LAG_COUNT_CAP = 1_000_000;

    private final JdbcTemplate jdbc;
    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final ReplicationStatus status;
    private final Clock clock;
    private final Duration interval;
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("replication-monitor").daemon(true)
                                                             .factory());

    public ReplicationMonitor(JdbcTemplate jdbc, ObjectProvider<EventProcessingConfiguration> processing,
                              ReplicationStatus status, Clock clock, Duration interval, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.processing = processing;
        this.status = status;
        this.clock = clock;
        this.interval = interval;
        Gauge.builder("ledgerline.replication.lag.events", status, ReplicationStatus::lagEvents)
             .description("Events in the store not yet acknowledged by Kafka").register(meters);
        Gauge.builder("ledgerline.replication.lag.seconds", status, ReplicationStatus::lagSeconds)
             .description("Age of the oldest event not yet acknowledged by Kafka").register(meters);
    }

    @Override
    public void afterSingletonsInstantiated() {
        scheduler.scheduleWithFixedDelay(this::measureQuietly, interval.toMillis(), interval.toMillis(),
                                         TimeUnit.MILLISECONDS);
    }

    /** Measures now (also used by tests and the admin API). */
    public void measure() {
        CommitOrderTrackingToken position = position().orElse(CommitOrderTrackingToken.TAIL);
        Map<String, Object> lag = jdbc.queryForMap(
                "SELECT count(*) AS events, min(timestamp) AS oldest FROM (SELECT timestamp FROM domainevententry "
                        + "WHERE (tx_id, globalindex) > (?, ?) AND tx_id < pg_snapshot_xmin(pg_current_snapshot())"
                        + "::text::bigint LIMIT " + LAG_COUNT_CAP + ") behind",
                position.transactionId(), position.globalIndex());
        long events = ((Number) lag.get("events")).longValue();
        Object oldest = lag.get("oldest");
        double seconds = oldest == null ? 0
                                        : Math.max(0, Duration.between(DateTimeUtils.parseInstant(oldest.toString()),
                                                                       Instant.now(clock)).toMillis() / 1000.0);
        status.lag(events, seconds);
    }

    /** The replicator's position: the lowest of its segments' tokens. */
    public Optional<CommitOrderTrackingToken> position() {
        EventProcessingConfiguration configuration = processing.getIfAvailable();
        if (configuration == null) {
            return Optional.empty();
        }
        return configuration.eventProcessor(KafkaReplicator.PROCESSING_GROUP, StreamingEventProcessor.class)
                            .flatMap(processor -> processor.processingStatus().values().stream()
                                                           .map(EventTrackerStatus::getTrackingToken)
                                                           .map(WrappedToken::unwrapLowerBound)
                                                           .filter(CommitOrderTrackingToken.class::isInstance)
                                                           .map(CommitOrderTrackingToken.class::cast)
                                                           .min(CommitOrderTrackingToken::compareTo));
    }

    private void measureQuietly() {
        try {
            measure();
        } catch (RuntimeException e) {
            log.debug("Replication lag not measured: {}", e.getMessage());
        }
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }

}
