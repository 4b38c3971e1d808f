package org.ledgerline.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 21's "several nodes, verified": three packaged platforms (separate JVMs) on one PostgreSQL and one Kafka
 * broker take a mixed load through a balancing client; the node holding the most processor segments is killed with
 * {@code kill -9} mid-load. The survivors must take over its segments and its saga deadlines, every acknowledged order
 * must end, nothing may be charged or reserved twice, and every invariant of the fault suite must hold with the dead
 * node's work included. {@code bin/fault --nodes 3}; {@code -Dfault.nodes}, {@code -Dfault.clients},
 * {@code -Dfault.seed} as for {@link FaultSuiteIT}; {@code -Dfault.segments=4} gives the read models 4 segments (default: one per node),
 * {@code -Dfault.saga-segments=4} the saga;
 * {@code -Dfault.claim-timeout=PT10M} breaks the takeover on purpose.
 */
class MultiNodeIT {

    @Test
    void the_survivors_take_over_a_node_killed_with_kill_9_under_load_and_everything_adds_up() throws Exception {
        int nodes = Integer.getInteger("fault.nodes", 3);
        String claimTimeout = System.getProperty("fault.claim-timeout", "");
        // One read-model segment per node, as the deployment files give them (infra/deploy): the balancer spreads them.
        String segments = System.getProperty("fault.segments", "");
        if (segments.isBlank()) {
            segments = Integer.toString(nodes);
        }
        String sagaSegments = System.getProperty("fault.saga-segments", "");
        FaultRun.Settings settings = FaultRun.Settings.fromSystemProperties(1, 0);
        long seed = settings.seed();
        System.out.println("[fault] multi-node: seed " + seed + " (same choices again: -Dfault.seed=" + seed + "), "
                + nodes + " nodes");
        long started = System.nanoTime();

        MultiNodeRun.Outcome outcome = new MultiNodeRun(
                        settings,
                        nodes,
                        claimTimeout.isBlank() ? null : claimTimeout,
                        segments.isBlank() ? null : segments,
                        sagaSegments.isBlank() ? null : sagaSegments)
                .execute();

        MultiNodeRun.Takeover takeover = outcome.takeover();
        Invariants.Result result = outcome.fault().result();
        List<String> violations = new ArrayList<>(result.violations());
        violations.addAll(takeover.problems());
        Map<String, Long> byInvariant = violations.stream()
                .collect(Collectors.groupingBy(
                        v -> v.substring(1, v.indexOf(']')), TreeMap::new, Collectors.counting()));
        String summary = ("Multi-node fault suite: seed %d, %d nodes, %s killed holding %d of %d segments, taken over"
                        + " in %d ms (claims after: %s), %d requests cut off by the kill (%d orders) and sent again"
                        + " elsewhere, %d sagas in flight, %d saga deadlines scheduled (%d picked by the dead node),"
                        + " duplicates %s, %d commands sent, %d acknowledged, %d events stored, %d Kafka records,"
                        + " invariants checked %d, violations %d %s, %d s")
                .formatted(
                        seed,
                        nodes,
                        takeover.victim(),
                        takeover.victimClaims().size(),
                        takeover.claimsBefore().values().stream()
                                .mapToLong(Long::longValue)
                                .sum(),
                        takeover.takeoverMillis(),
                        takeover.claimsAfter(),
                        takeover.requestsCutOff(),
                        takeover.ordersCutOff(),
                        takeover.sagasInFlight(),
                        takeover.deadlinesAtKill().size(),
                        takeover.deadlinesAtKill().stream()
                                .filter(d -> takeover.victim().equals(d.pickedBy()))
                                .count(),
                        takeover.duplicates(),
                        outcome.fault().sent(),
                        outcome.fault().acknowledged(),
                        outcome.fault().observed().events().size(),
                        outcome.fault().observed().kafka().size(),
                        result.checked(),
                        violations.size(),
                        byInvariant,
                        Duration.ofNanos(System.nanoTime() - started).toSeconds());
        outcome.fault().notes().forEach(note -> System.out.println("[fault] note: " + note));
        violations.forEach(violation -> System.out.println("[fault] VIOLATION " + violation));
        System.out.println(summary);
        Files.writeString(
                settings.workDirectory().resolve("last-multi-node-report.txt"),
                String.join("\n", violations) + "\n" + summary + "\n");

        assertThat(takeover.victimClaims())
                .as("the killed node held processor segments (else the kill proves no takeover)")
                .isNotEmpty();
        assertThat(outcome.fault().acknowledged()).as("commands acknowledged").isPositive();
        assertThat(violations).as(summary).isEmpty();
    }
}
