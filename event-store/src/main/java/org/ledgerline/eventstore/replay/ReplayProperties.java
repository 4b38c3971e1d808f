package org.ledgerline.eventstore.replay;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code ledgerline.node-id} and {@code ledgerline.replay.*}: how this node names itself in token claims and replay
 * requests, and how often it looks for replay requests.
 *
 * @param nodeId this node's name in token claims and replay requests ({@code ledgerline status} shows it); unset:
 *               the JVM's {@code pid@host}, Axon's own default
 * @param replay the replay coordinator's settings
 */
@ConfigurationProperties("ledgerline")
@Validated
public record ReplayProperties(String nodeId, @DefaultValue @Valid Replay replay) {

    /** This node's name: {@code nodeId}, else the JVM's {@code pid@host}. */
    public String node() {
        return nodeId == null || nodeId.isBlank() ? ManagementFactory.getRuntimeMXBean().getName() : nodeId;
    }

    /**
     * {@code ledgerline.replay.*}.
     *
     * @param pollInterval how often each node looks for replay requests ({@code processor_replay})
     */
    public record Replay(@DefaultValue("500ms") @NotNull Duration pollInterval) {
    }
}
