package org.ledgerline.saga.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.ledgerline.eventstore.CommitOrderTrackingToken;
import org.ledgerline.eventstore.ProcessorTokens;
import org.ledgerline.saga.order.OrderSaga;
import org.ledgerline.saga.order.SagaProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The saga processor's progress as the shared token table has it (every segment, whichever node claims it), against
 * the events the store holds. Counts the deadlines that found the processor behind
 * ({@code ledgerline.saga.deadlines.deferred}): a steady rise says the saga processor lags.
 */
class TokenSagaProgress implements SagaProgress {

    private static final Logger log = LoggerFactory.getLogger(TokenSagaProgress.class);

    private final JdbcTemplate jdbc;
    private final ProcessorTokens tokens;
    private final Counter deferred;

    TokenSagaProgress(JdbcTemplate jdbc, ProcessorTokens tokens, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.tokens = tokens;
        this.deferred = Counter.builder("ledgerline.saga.deadlines.deferred")
                .description("Step deadlines that waited for the saga processor to catch up")
                .register(registry);
    }

    /** The last event in the order streaming readers read them (transaction, then global index). */
    @Override
    public long storedUpTo() {
        List<Long> last = jdbc.queryForList(
                "SELECT globalindex FROM domainevententry ORDER BY tx_id DESC, globalindex DESC LIMIT 1", Long.class);
        return last.isEmpty() ? -1 : last.getFirst();
    }

    @Override
    public boolean handledUpTo(long position) {
        if (position < 0) {
            return true;
        }
        List<Long> transaction =
                jdbc.queryForList("SELECT tx_id FROM domainevententry WHERE globalindex = ?", Long.class, position);
        if (transaction.isEmpty()) {
            return true; // not stored (any more): nothing to wait for
        }
        CommitOrderTrackingToken target = new CommitOrderTrackingToken(transaction.getFirst(), position);
        List<ProcessorTokens.Segment> segments = tokens.of(OrderSaga.PROCESSING_GROUP);
        boolean handled = !segments.isEmpty() && segments.stream().allMatch(segment -> covers(segment.token(), target));
        if (!handled) {
            deferred.increment();
            log.info("A saga step deadline waits for the saga processor to handle the events up to {}", position);
        }
        return handled;
    }

    private static boolean covers(TrackingToken token, CommitOrderTrackingToken target) {
        TrackingToken position = token == null ? null : WrappedToken.unwrapLowerBound(token);
        return position instanceof CommitOrderTrackingToken commitOrder && commitOrder.covers(target);
    }
}
