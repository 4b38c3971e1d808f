package org.ledgerline.replication.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.ledgerline.eventstore.CommitOrderTrackingToken;
import org.ledgerline.eventstore.StreamHorizon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
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
    private final Serializer serializer;
    private final ReplicationStatus status;
    private final Clock clock;
    private final Duration interval;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("replication-monitor").daemon(true).factory());

    public ReplicationMonitor(
            JdbcTemplate jdbc,
            Serializer serializer,
            ReplicationStatus status,
            Clock clock,
            Duration interval,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.status = status;
        this.clock = clock;
        this.interval = interval;
        Gauge.builder("ledgerline.replication.lag.events", status, ReplicationStatus::lagEvents)
                .description("Events in the store not yet acknowledged by Kafka")
                .register(meters);
        Gauge.builder("ledgerline.replication.lag.seconds", status, ReplicationStatus::lagSeconds)
                .description("Age of the oldest event not yet acknowledged by Kafka")
                .register(meters);
    }

    @Override
    public void afterSingletonsInstantiated() {
        scheduler.scheduleWithFixedDelay(
                this::measureQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Measures now (also used by tests and the admin API). */
    public void measure() {
        CommitOrderTrackingToken position = position().orElse(CommitOrderTrackingToken.TAIL);
        Map<String, Object> lag = jdbc.queryForMap(
                "SELECT count(*) AS events, min(timestamp) AS oldest FROM (SELECT timestamp FROM domainevententry "
                        + "WHERE (tx_id, globalindex) > (?, ?) AND tx_id < " + StreamHorizon.SQL
                        + " LIMIT " + LAG_COUNT_CAP + ") behind",
                position.transactionId(),
                position.globalIndex());
        long events = ((Number) lag.get("events")).longValue();
        Object oldest = lag.get("oldest");
        double seconds = oldest == null
                ? 0
                : Math.max(
                        0,
                        Duration.between(DateTimeUtils.parseInstant(oldest.toString()), Instant.now(clock))
                                        .toMillis()
                                / 1000.0);
        status.lag(events, seconds);
    }

    /**
     * The replicator's committed position: the lowest of its segments' tokens as stored, so it is known while no node
     * holds a claim (e.g. right after a failed batch released it).
     */
    public Optional<CommitOrderTrackingToken> position() {
        List<CommitOrderTrackingToken> tokens = jdbc
                .query(
                        "SELECT token, tokentype FROM tokenentry WHERE processorname = ? AND token IS NOT NULL",
                        (rs, row) -> serializer.deserialize(
                                new SimpleSerializedObject<>(rs.getBytes(1), byte[].class, rs.getString(2), null)),
                        KafkaReplicator.PROCESSING_GROUP)
                .stream()
                .map(token -> WrappedToken.unwrapLowerBound((TrackingToken) token))
                .filter(CommitOrderTrackingToken.class::isInstance)
                .map(CommitOrderTrackingToken.class::cast)
                .toList();
        return tokens.stream().min(CommitOrderTrackingToken::compareTo);
    }

    /** The store's newest event (global index), or empty while the store has none. */
    public Optional<Long> head() {
        return Optional.ofNullable(jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class));
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
