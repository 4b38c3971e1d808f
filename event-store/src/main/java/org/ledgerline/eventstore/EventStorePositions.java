package org.ledgerline.eventstore;

import java.util.OptionalLong;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Positions in the event store that callers outside Axon need: the position and version of an aggregate's last
 * event, e.g. for the {@code X-Ledgerline-Position} and {@code ETag} headers of a command response.
 */
public class EventStorePositions {

    private final JdbcTemplate jdbc;

    public EventStorePositions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The global index of the aggregate's newest event, if it has any. */
    public OptionalLong lastPositionOf(String aggregateId) {
        Long position = jdbc.queryForObject(
                "SELECT max(globalindex) FROM domainevententry WHERE aggregateidentifier = ?", Long.class,
                aggregateId);
        return position == null ? OptionalLong.empty() : OptionalLong.of(position);
    }

    /** The aggregate's version (sequence number of its newest event), if it has any events. */
    public OptionalLong versionOf(String aggregateId) {
        Long version = jdbc.queryForObject(
                "SELECT max(sequencenumber) FROM domainevententry WHERE aggregateidentifier = ?", Long.class,
                aggregateId);
        return version == null ? OptionalLong.empty() : OptionalLong.of(version);
    }
}
