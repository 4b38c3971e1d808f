package org.ledgerline.eventstore.jdbc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps commit-order ids ahead of every stored event after a logical restore into another PostgreSQL cluster
 * (docs/adr/0018).
 *
 * <p>A row's {@code tx_id} is the id of its writing transaction plus the store's offset (the column default
 * {@code event_store_commit_order_id()}), and readers compare it with the horizon plus the same offset
 * ({@link EventHorizon#SQL}). Both read the offset from the one-row table {@code event_store_commit_order} in the
 * statement itself, so every node always agrees and nothing is cached. A store dumped with {@code pg_dump} and restored
 * into a new cluster keeps its rows' ids, but the new cluster's transaction ids start low: new events would sort
 * before the restored ones, behind every processor's token, and the horizon would stay below them all.
 *
 * <p>{@link #check} runs when a node starts, before anything appends: under an advisory lock (nodes starting together
 * take turns), it compares the newest stored id with the horizon of its own snapshot. On the cluster that wrote the
 * rows a visible row's transaction ended before the snapshot, so {@code max(tx_id) < xmax + offset} always holds;
 * after a restore into a cluster whose counter is behind it cannot. Then the offset rises to
 * {@code max(tx_id) - xmin + 1}: every restored row lies below the horizon of every later snapshot, and every new id
 * ({@code xid + offset} with {@code xid >= xmin}) lies above every restored one. Tokens stored before the dump name
 * restored ids and stay valid. The offset never goes down: a larger offset only leaves a gap in the ids, which the
 * order does not mind, while a smaller one could sort new events behind old ones.
 */
public final class CommitOrderOffset {

    /** The store's offset as an SQL expression (a STABLE function reading the one-row table). */
    public static final String OFFSET_SQL = "event_store_tx_id_offset()";

    /** The first key of the advisory lock the start-up check takes ("LLTX"); the second is 0. */
    static final int LOCK_NAMESPACE = 0x4C4C5458;

    private static final Logger log = LoggerFactory.getLogger(CommitOrderOffset.class);

    private static final String STATE = "SELECT o.tx_id_offset,"
            + " (SELECT max(tx_id) FROM domainevententry) AS newest,"
            + " pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin,"
            + " pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS xmax"
            + " FROM event_store_commit_order o";

    private final Tracer tracer;
    private final Counter raised;

    public CommitOrderOffset(Tracer tracer, MeterRegistry meters) {
        this.tracer = tracer;
        this.raised = Counter.builder("ledgerline.eventstore.commit.order.offset.raised")
                .description("Start-up checks that found a store restored into another PostgreSQL cluster and "
                        + "raised its commit-order offset (ADR 0018)")
                .register(meters);
    }

    /** What one check saw and did. */
    public record Result(long newestId, long previousOffset, long offset, boolean raised) {}

    /**
     * Raises the offset if the store's newest event is ahead of this cluster's transaction ids; does nothing
     * otherwise (any number of times, on any number of nodes at once). On a connection in auto-commit it runs in a
     * transaction of its own; otherwise in the caller's (Flyway's), and the lock lasts until that one ends.
     */
    public Result check(Connection connection) {
        Span span = tracer.spanBuilder("event store commit-order check").startSpan();
        try (Scope ignored = span.makeCurrent()) {
            Result result;
            if (connection.getAutoCommit()) {
                connection.setAutoCommit(false);
                try {
                    result = checkInTransaction(connection);
                    connection.commit();
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            } else {
                result = checkInTransaction(connection);
            }
            span.setAttribute("ledgerline.commit_order.offset", result.offset());
            span.setAttribute("ledgerline.commit_order.raised", result.raised());
            if (result.raised()) {
                raised.increment();
                log.warn(
                        "The event store was restored into another PostgreSQL cluster: its newest commit-order id {} "
                                + "is ahead of this cluster's transaction ids; commit-order offset raised from {} to "
                                + "{} so new events follow the restored ones (ADR 0018)",
                        result.newestId(),
                        result.previousOffset(),
                        result.offset());
            }
            return result;
        } catch (SQLException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            span.recordException(e);
            throw new IllegalStateException("Checking the event store's commit-order offset failed", e);
        } finally {
            span.end();
        }
    }

    private static Result checkInTransaction(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + LOCK_NAMESPACE + ", 0)");
            long offset;
            long xmin;
            long xmax;
            Long newest;
            // A statement of its own after the lock: its snapshot sees what a node that held the lock before wrote.
            try (ResultSet state = statement.executeQuery(STATE)) {
                if (!state.next()) {
                    throw new IllegalStateException("event_store_commit_order has no row; it is created with one by "
                            + "migration V1_4 and never emptied");
                }
                offset = state.getLong("tx_id_offset");
                newest = state.getObject("newest", Long.class);
                xmin = state.getLong("xmin");
                xmax = state.getLong("xmax");
            }
            if (newest == null || newest < xmax + offset) {
                return new Result(newest == null ? 0 : newest, offset, offset, false);
            }
            long raisedTo = newest - xmin + 1;
            statement.executeUpdate("UPDATE event_store_commit_order SET tx_id_offset = " + raisedTo);
            return new Result(newest, offset, raisedTo, true);
        }
    }
}
