package org.ledgerline.eventstore;

import org.ledgerline.eventstore.jdbc.EventHorizon;

/**
 * Where the final part of the event stream ends, for readers outside the engine that count what is still ahead of a
 * token (the replication lag): rows of {@code domainevententry} with {@code tx_id < } {@link #SQL} are final. How the
 * horizon is kept is the engine's business.
 */
public final class StreamHorizon {

    /** A scalar subquery (evaluated once per statement) of the horizon as a {@code bigint}. */
    public static final String SQL = EventHorizon.SQL;

    private StreamHorizon() {}
}
