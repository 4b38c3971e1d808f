package org.ledgerline.eventstore.replay;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code ledgerline.processors.balance.*}: spreading the segments of chosen streaming processors over the live nodes
 * (ADR 0023, {@code docs/scaling.md}).
 *
 * @param enabled         whether this node takes part: heart-beats, and releases segments above its fair share
 * @param processors      the processors whose segments are spread (the read models' shared processor,
 *                        {@code read-models}, by default; not the saga, not the Kafka replicator, which has one
 *                        segment)
 * @param interval        how often a node heart-beats and decides
 * @param nodeTimeout     a node whose last heartbeat is older than this is gone (its share goes to the others); more
 *                        than the interval
 * @param releaseDuration how long a node leaves a segment it released for another node to claim before claiming it
 *                        again itself; more than Axon's token claim interval (5 s), so a node with a free thread sees
 *                        it
 */
@ConfigurationProperties("ledgerline.processors.balance")
public record BalanceProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("read-models") List<String> processors,
        @DefaultValue("5s") Duration interval,
        @DefaultValue("20s") Duration nodeTimeout,
        @DefaultValue("15s") Duration releaseDuration) {

    public BalanceProperties {
        positive("interval", interval);
        positive("node-timeout", nodeTimeout);
        positive("release-duration", releaseDuration);
        if (nodeTimeout.compareTo(interval) <= 0) {
            throw new IllegalArgumentException("ledgerline.processors.balance.node-timeout (" + nodeTimeout
                    + ") must be longer than the interval (" + interval + ")");
        }
        processors = processors == null ? List.of() : List.copyOf(processors);
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(
                    "ledgerline.processors.balance." + name + " must be positive, was " + value);
        }
    }
}
