package org.ledgerline.eventstore;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.ledgerline.kernel.IllegalTransitionException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/** The {@code processor_replay} table: replay requests every node reads. */
public class ReplayRequests {

    private static final String COLUMNS = "id, processor, from_position, from_time, state, requested_by, "
            + "requested_at, reset_by, finished_at, error";

    private final JdbcTemplate jdbc;

    public ReplayRequests(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a request; a processor with a request still pending refuses a second one. */
    public ReplayRequest request(String processor, Long fromPosition, Instant fromTime, String node) {
        try {
            Long id = jdbc.queryForObject(
                    "INSERT INTO processor_replay (processor, from_position, from_time, state, requested_by) "
                            + "VALUES (?, ?, ?, 'PENDING', ?) RETURNING id",
                    Long.class,
                    processor,
                    fromPosition,
                    fromTime == null ? null : Timestamp.from(fromTime),
                    node);
            return find(id).orElseThrow();
        } catch (DuplicateKeyException e) {
            throw new IllegalTransitionException(
                    "A replay of " + processor + " is already pending", ReplayRequest.PENDING);
        }
    }

    public Optional<ReplayRequest> find(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM processor_replay WHERE id = ?", ReplayRequests::map, id).stream()
                .findFirst();
    }

    public Optional<ReplayRequest> latest(String processor) {
        return jdbc
                .query(
                        "SELECT " + COLUMNS + " FROM processor_replay WHERE processor = ? ORDER BY id DESC "
                                + "LIMIT 1",
                        ReplayRequests::map,
                        processor)
                .stream()
                .findFirst();
    }

    public List<ReplayRequest> pending() {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM processor_replay WHERE state = 'PENDING' ORDER BY id",
                ReplayRequests::map);
    }

    /** Locks a pending request for the caller's transaction, or answers empty if another node holds it. */
    Optional<ReplayRequest> lockPending(long id) {
        return jdbc
                .query(
                        "SELECT " + COLUMNS + " FROM processor_replay WHERE id = ? AND state = 'PENDING' "
                                + "FOR UPDATE SKIP LOCKED",
                        ReplayRequests::map,
                        id)
                .stream()
                .findFirst();
    }

    void finish(long id, String state, String node, String error) {
        jdbc.update(
                "UPDATE processor_replay SET state = ?, reset_by = ?, finished_at = now(), error = ? " + "WHERE id = ?",
                state,
                node,
                error,
                id);
    }

    private static ReplayRequest map(ResultSet rs, int row) throws SQLException {
        long position = rs.getLong("from_position");
        Long fromPosition = rs.wasNull() ? null : position;
        return new ReplayRequest(
                rs.getLong("id"),
                rs.getString("processor"),
                fromPosition,
                instant(rs.getTimestamp("from_time")),
                rs.getString("state"),
                rs.getString("requested_by"),
                instant(rs.getTimestamp("requested_at")),
                rs.getString("reset_by"),
                instant(rs.getTimestamp("finished_at")),
                rs.getString("error"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
