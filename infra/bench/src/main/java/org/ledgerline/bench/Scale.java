package org.ledgerline.bench;

import java.time.Duration;

/**
 * How long and how big each workload runs. {@code DEFAULT} is the measurement (about 12 minutes on a quiet 2-core box);
 * {@code SMOKE} only proves that every part still runs (the smoke test and a quick look).
 */
enum Scale {
    SMOKE(
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            new int[] {200, 1_000},
            Duration.ofSeconds(1),
            300,
            Duration.ofSeconds(1),
            4_000,
            200,
            Duration.ofSeconds(5),
            2),
    DEFAULT(
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofSeconds(15),
            new int[] {1_000, 5_000},
            Duration.ofSeconds(20),
            1_500_000,
            Duration.ofSeconds(10),
            1_000_000,
            200_000,
            Duration.ofSeconds(90),
            15);

    final Duration warmup;
    final Duration commandPhase;
    final Duration sagaPhase;
    /** The replication lag rows' append rates, events/s; above 1,000/s several events share a transaction. */
    final int[] replicationRates;

    final Duration replicationPhase;
    /**
     * The catch-up backlog: large enough that draining it at 100,000 events/s takes over 10 s, so the rate is taken
     * over a window the start and end do not dominate.
     */
    final int outageEvents;

    final Duration outage;
    final int rebuildEvents;
    final int peerRebuildEvents;
    /** Bounds the slow paths (the peer's replay and catch-up): their rate is taken over this window. */
    final Duration slowPathLimit;

    final int pgbenchSeconds;

    Scale(
            Duration warmup,
            Duration commandPhase,
            Duration sagaPhase,
            int[] replicationRates,
            Duration replicationPhase,
            int outageEvents,
            Duration outage,
            int rebuildEvents,
            int peerRebuildEvents,
            Duration slowPathLimit,
            int pgbenchSeconds) {
        this.warmup = warmup;
        this.commandPhase = commandPhase;
        this.sagaPhase = sagaPhase;
        this.replicationRates = replicationRates;
        this.replicationPhase = replicationPhase;
        this.outageEvents = outageEvents;
        this.outage = outage;
        this.rebuildEvents = rebuildEvents;
        this.peerRebuildEvents = peerRebuildEvents;
        this.slowPathLimit = slowPathLimit;
        this.pgbenchSeconds = pgbenchSeconds;
    }
}
