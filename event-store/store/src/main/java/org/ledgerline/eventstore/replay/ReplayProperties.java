package org.ledgerline.eventstore.replay;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code ledgerline.node-id} and {@code ledgerline.replay.*}: how this node names itself in token claims and replay
 * requests, and how often it looks for replay requests.
 *
 * @param nodeId this node's name in token claims and replay requests ({@code ledgerline status} shows it); unset:
 *               the JVM's {@code pid@host}, Axon's own default
 * @param replay the replay coordinator's settings
 */
@ConfigurationProperties("ledgerline")
public record ReplayProperties(String nodeId, @DefaultValue Replay replay) {

    /** This node's name: {@code nodeId}, else the JVM's {@code pid@host}. */
    public String node() {
        return nodeId == null || nodeId.isBlank()
                ? ManagementFactory.getRuntimeMXBean().getName()
                : nodeId;
    }

    /**
     * {@code ledgerline.replay.*}.
     *
     * @param pollInterval how often each node looks for replay requests ({@code processor_replay})
     */
    public record Replay(@DefaultValue("500ms") Duration pollInterval) {

        public Replay {
            if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException(
                        "ledgerline.replay.poll-interval must be positive, was " + pollInterval);
            }
        }
    }
}
