package org.ledgerline.eventstore;

import java.util.List;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where a processor stands on every node together, read from the shared token table: a node's own processor status
 * only knows the segments that node claims.
 */
public class ProcessorTokens {

    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    public ProcessorTokens(JdbcTemplate jdbc, Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /**
     * One segment's token.
     *
     * @param owner     the node holding the segment's claim, or null
     * @param claimedAt when the owner last extended its claim (Axon's timestamp), or null
     * @param position  the global index of the last event the segment handled, or null before its first
     * @param token     the token itself (a replay token while replaying)
     */
    public record Segment(
            int segment, String owner, String claimedAt, Long position, boolean replaying, TrackingToken token) {}

    /**
     * Whether the segment still has events of the replay ahead. Axon keeps a replay token until the first event
     * after the reset point (its own "replaying" flag stays up meanwhile), which would make an idle, finished
     * replay look unfinished.
     */
    static boolean replaying(TrackingToken token) {
        if (!(token instanceof ReplayToken replay)) {
            return false;
        }
        TrackingToken current = replay.getCurrentToken();
        TrackingToken reset = WrappedToken.unwrapUpperBound(replay.getTokenAtReset());
        return current == null
                || reset == null
                || !WrappedToken.unwrapLowerBound(current).covers(reset);
    }

    public List<Segment> of(String processor) {
        return jdbc.query(
                "SELECT segment, owner, timestamp, token, tokentype FROM tokenentry WHERE processorname = ? "
                        + "ORDER BY segment",
                (rs, row) -> {
                    byte[] bytes = rs.getBytes("token");
                    TrackingToken token = bytes == null
                            ? null
                            : serializer.deserialize(
                                    new SimpleSerializedObject<>(bytes, byte[].class, rs.getString("tokentype"), null));
                    TrackingToken lower = token == null ? null : WrappedToken.unwrapLowerBound(token);
                    Long position =
                            lower instanceof CommitOrderTrackingToken commitOrder ? commitOrder.globalIndex() : null;
                    return new Segment(
                            rs.getInt("segment"),
                            rs.getString("owner"),
                            rs.getString("timestamp"),
                            position,
                            replaying(token),
                            token);
                },
                processor);
    }
}
