package org.ledgerline.eventstore;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serial;
import java.io.Serializable;
import java.util.Comparator;
import java.util.OptionalLong;
import org.axonframework.eventhandling.TrackingToken;

/**
 * Position of a streaming reader in commit order: the PostgreSQL transaction id that appended an event and the
 * event's global index within that transaction.
 *
 * <p>Readers only ever advance over transactions older than the oldest one still running
 * ({@code pg_snapshot_xmin}), so every event that sorts before this token has committed (or rolled back) and none can
 * appear behind it later. That is why this token needs no gap list and no gap timeout. See
 * {@code docs/adr/0002-gap-free-streaming.md}.
 *
 * @param transactionId the commit-order id of the transaction that wrote the event: its {@code xid8} as a number, plus
 *                      the store's offset after a logical restore into another cluster (ADR 0018)
 * @param globalIndex   the event's {@code globalindex}
 */
public record CommitOrderTrackingToken(long transactionId, long globalIndex)
        implements TrackingToken, Comparable<CommitOrderTrackingToken>, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private static final Comparator<CommitOrderTrackingToken> ORDER = Comparator.comparingLong(
                    CommitOrderTrackingToken::transactionId)
            .thenComparingLong(CommitOrderTrackingToken::globalIndex);

    /** The position before every event. */
    public static final CommitOrderTrackingToken TAIL = new CommitOrderTrackingToken(0, 0);

    @JsonCreator
    public CommitOrderTrackingToken(
            @JsonProperty("transactionId") long transactionId, @JsonProperty("globalIndex") long globalIndex) {
        this.transactionId = transactionId;
        this.globalIndex = globalIndex;
    }

    @Override
    public TrackingToken lowerBound(TrackingToken other) {
        CommitOrderTrackingToken that = require(other);
        return compareTo(that) <= 0 ? this : that;
    }

    @Override
    public TrackingToken upperBound(TrackingToken other) {
        CommitOrderTrackingToken that = require(other);
        return compareTo(that) >= 0 ? this : that;
    }

    @Override
    public boolean covers(TrackingToken other) {
        return other == null || compareTo(require(other)) >= 0;
    }

    /**
     * The global index of the last event read. Global indexes are unique but, across transactions, not in commit
     * order; use it to identify an event, compare tokens with {@link #covers(TrackingToken)}.
     */
    @Override
    public OptionalLong position() {
        return OptionalLong.of(globalIndex);
    }

    @Override
    public int compareTo(CommitOrderTrackingToken other) {
        return ORDER.compare(this, other);
    }

    private static CommitOrderTrackingToken require(TrackingToken other) {
        if (other instanceof CommitOrderTrackingToken token) {
            return token;
        }
        throw new IllegalArgumentException("Cannot compare a commit-order token with " + other);
    }

    @Override
    public String toString() {
        return "CommitOrderTrackingToken{tx=" + transactionId + ", globalIndex=" + globalIndex + '}';
    }
}
