package org.ledgerline.eventstore;

import java.util.List;
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
                "SELECT max(globalindex) FROM domainevententry WHERE aggregateidentifier = ?", Long.class, aggregateId);
        return position == null ? OptionalLong.empty() : OptionalLong.of(position);
    }

    /**
     * The global index and version of the aggregate's newest event, read together (one round trip per command
     * response), or {@code null} when it has no events.
     */
    public Head headOf(String aggregateId) {
        // The newest event by sequence number is also the one with the highest global index (an aggregate's next
        // event is only appended after the previous one committed), so one step down the (aggregate, sequence)
        // index answers both; max(globalindex) would visit every event of the aggregate.
        List<Head> heads = jdbc.query(
                "SELECT globalindex, sequencenumber FROM domainevententry WHERE aggregateidentifier = ? "
                        + "ORDER BY sequencenumber DESC LIMIT 1",
                (rs, row) -> new Head(rs.getLong(1), rs.getLong(2)),
                aggregateId);
        return heads.isEmpty() ? null : heads.get(0);
    }

    /** Where an aggregate's newest event sits: its global index and the aggregate's version. */
    public record Head(long position, long version) {}

    /** The aggregate's version (sequence number of its newest event), if it has any events. */
    public OptionalLong versionOf(String aggregateId) {
        Long version = jdbc.queryForObject(
                "SELECT max(sequencenumber) FROM domainevententry WHERE aggregateidentifier = ?",
                Long.class,
                aggregateId);
        return version == null ? OptionalLong.empty() : OptionalLong.of(version);
    }
}
