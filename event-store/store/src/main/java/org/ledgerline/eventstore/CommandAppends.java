package org.ledgerline.eventstore;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What the commands of the current request appended, per aggregate: the newest event's payload with its position and
 * version, as the append's {@code INSERT ... RETURNING} gave them. A command response reads its
 * {@code X-Ledgerline-Position}/{@code ETag} (and e.g. a deposit's new balance) from here instead of reading the
 * aggregate's head back from the store after the commit — one statement less per command.
 *
 * <p>Only inside a scope ({@link #open()}, one per HTTP request): elsewhere (event processors, the saga's commands)
 * nothing is kept. An event is only recorded in a Spring transaction, and dropped again when that transaction does
 * not commit, so what a response reads here is either committed or in the response's own, still open transaction
 * (a request with an {@code Idempotency-Key}, ADR 0011, whose answer commits with the events or not at all). An
 * aggregate the request's commands appended nothing to is not here: the caller reads its head from the store.
 */
public final class CommandAppends {

    private static final ThreadLocal<Map<String, Appended>> CURRENT = new ThreadLocal<>();

    private CommandAppends() {}

    /** The newest event a command of this request appended to an aggregate, and where it sits. */
    public record Appended(Object payload, EventStorePositions.Head head) {}

    /** The scope of one request; closing it forgets everything recorded in it. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Opens a scope on this thread (a nested one hides the outer one until it is closed). */
    public static Scope open() {
        Map<String, Appended> outer = CURRENT.get();
        CURRENT.set(new HashMap<>());
        return () -> {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        };
    }

    /**
     * Records an appended event (called by the storage engine after its insert returned the position). Ignored
     * outside a scope or a Spring transaction; forgotten when the transaction ends without a commit.
     */
    public static void record(String aggregateId, Object payload, long position, long version) {
        Map<String, Appended> appends = CURRENT.get();
        if (appends == null || !TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        Appended appended = new Appended(payload, new EventStorePositions.Head(position, version));
        Appended previous = appends.get(aggregateId);
        if (previous != null && previous.head().version() > version) {
            return; // an older event of the aggregate; the response wants its newest
        }
        appends.put(aggregateId, appended);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                if (status != STATUS_COMMITTED) {
                    appends.remove(aggregateId, appended);
                }
            }
        });
    }

    /** The newest event this request's commands appended to the aggregate, if any (and still standing). */
    public static Optional<Appended> of(String aggregateId) {
        Map<String, Appended> appends = CURRENT.get();
        return appends == null ? Optional.empty() : Optional.ofNullable(appends.get(aggregateId));
    }
}
