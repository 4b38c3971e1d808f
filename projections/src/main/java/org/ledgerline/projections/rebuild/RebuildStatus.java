package org.ledgerline.projections.rebuild;

import jakarta.annotation.Nullable;
import java.time.Instant;

/**
 * Where a rebuild stands.
 *
 * @param state     RUNNING, SWITCHING, DONE or FAILED
 * @param processed events the shadow processor has handled so far
 * @param total     events in the store when the rebuild started (the target grows while it runs)
 */
public record RebuildStatus(
        String model,
        String state,
        long processed,
        long total,
        double eventsPerSecond,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        @Nullable String error) {}
