package org.ledgerline.eventstore;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.messaging.StreamableMessageSource;
import org.ledgerline.eventstore.jdbc.CommitOrderedJdbcEventStorageEngine;
import org.ledgerline.eventstore.jdbc.CommitSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A message source for bulk readers such as a rebuild or the Kafka replicator: each opened stream has a reader thread
 * of its own that reads {@code fetchSize} final events per query (the global streaming batch size is tuned for live
 * readers) and, unless told not to, decodes payloads and timestamps, up to {@code depth} reads ahead of the processor.
 * The processor's thread then only handles events and writes, while the next read runs on the other core.
 *
 * <p>At the head of the stream the reader waits for the next commit of this JVM that appended events
 * ({@link CommitSignal}), or its idle poll for other nodes' commits. A read right after such a commit that finds
 * nothing new (the commit is still behind the visibility horizon: another transaction that may append is open) is
 * tried again after 1, 2, 4, ... ms up to the idle poll, so an event is not left waiting for a whole poll.
 *
 * <p>Order and completeness are the engine's: reads follow {@code (tx_id, globalindex)} below the visibility horizon,
 * each from the last row of the previous one, so no event is skipped or read twice. A failed read ends the stream
 * with the failure; the processor reopens it from its own token.
 */
public final class PrefetchingEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    private static final Logger log = LoggerFactory.getLogger(PrefetchingEventSource.class);
    /** How long a reader at the head waits before it reads again, by default (a rebuild's tail is short). */
    private static final Duration IDLE_POLL = Duration.ofMillis(50);
    /** The first retry after a commit whose events a read did not find yet. */
    private static final long FIRST_RETRY_NANOS = Duration.ofMillis(1).toNanos();

    private final CommitOrderedJdbcEventStorageEngine engine;
    private final int fetchSize;
    private final int depth;
    private final boolean decodePayloads;
    private final boolean decodeMetaData;
    private final long idlePollNanos;

    /**
     * A prefetching source over the given engine, if it is Ledgerline's commit-ordered one (the reads rely on its
     * visibility horizon); empty for any other engine, whose callers then read through the event store.
     */
    public static Optional<PrefetchingEventSource> over(EventStorageEngine engine, int fetchSize, int depth) {
        return engine instanceof CommitOrderedJdbcEventStorageEngine commitOrdered
                ? Optional.of(new PrefetchingEventSource(commitOrdered, fetchSize, depth))
                : Optional.empty();
    }

    /** The same as {@link #over(EventStorageEngine, int, int)}, with the full constructor's options. */
    public static Optional<PrefetchingEventSource> over(
            EventStorageEngine engine,
            int fetchSize,
            int depth,
            boolean decodePayloads,
            boolean decodeMetaData,
            Duration idlePoll) {
        return engine instanceof CommitOrderedJdbcEventStorageEngine commitOrdered
                ? Optional.of(new PrefetchingEventSource(
                        commitOrdered, fetchSize, depth, decodePayloads, decodeMetaData, idlePoll))
                : Optional.empty();
    }

    public PrefetchingEventSource(CommitOrderedJdbcEventStorageEngine engine, int fetchSize, int depth) {
        this(engine, fetchSize, depth, true, false, IDLE_POLL);
    }

    /** Without binding metadata ahead (see the full constructor). */
    public PrefetchingEventSource(
            CommitOrderedJdbcEventStorageEngine engine,
            int fetchSize,
            int depth,
            boolean decodePayloads,
            Duration idlePoll) {
        this(engine, fetchSize, depth, decodePayloads, false, idlePoll);
    }

    /**
     * @param decodePayloads whether the reader thread binds each payload to its class ahead of the processor; false
     *                       for a processor that uses the stored bytes as they are (the Kafka replicator)
     * @param decodeMetaData whether the reader thread binds each event's metadata ahead of the processor: Axon's
     *                       processor binds it for every event it handles (the correlation data of the result message
     *                       it makes per event), so true for a processor that handles every event (the Kafka
     *                       replicator); false where most events are skipped unread (a rebuild's)
     * @param idlePoll       how long a reader at the head waits for a commit of this JVM before it reads again
     */
    public PrefetchingEventSource(
            CommitOrderedJdbcEventStorageEngine engine,
            int fetchSize,
            int depth,
            boolean decodePayloads,
            boolean decodeMetaData,
            Duration idlePoll) {
        if (fetchSize < 1 || depth < 1) {
            throw new IllegalArgumentException("fetchSize and depth must be positive: " + fetchSize + ", " + depth);
        }
        if (idlePoll.isNegative() || idlePoll.isZero()) {
            throw new IllegalArgumentException("idlePoll must be positive: " + idlePoll);
        }
        this.engine = engine;
        this.fetchSize = fetchSize;
        this.depth = depth;
        this.decodePayloads = decodePayloads;
        this.decodeMetaData = decodeMetaData;
        this.idlePollNanos = idlePoll.toNanos();
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new PrefetchingStream(trackingToken);
    }

    @Override
    public TrackingToken createTailToken() {
        return engine.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return engine.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return engine.createTokenAt(dateTime);
    }

    /** A read's events, or the failure that ended the reader. */
    private record Batch(List<TrackedEventMessage<?>> events, RuntimeException failure) {}

    private final class PrefetchingStream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingQueue<Batch> ready = new ArrayBlockingQueue<>(depth);
        private final Thread reader;
        private volatile boolean closed;
        private Iterator<TrackedEventMessage<?>> current = Collections.emptyIterator();
        private TrackedEventMessage<?> peeked;

        PrefetchingStream(TrackingToken from) {
            reader = Thread.ofPlatform().name("event-prefetch").daemon(true).start(() -> read(from));
        }

        private void read(TrackingToken from) {
            TrackingToken last = from;
            CommitSignal commits = engine.commits();
            long retryNanos = 0; // > 0 while a commit this reader was woken for has not been read yet
            try {
                while (!closed) {
                    // Counted before the read: a commit during the read makes the wait below return at once.
                    long commitsBefore = commits.count();
                    CommitOrderedJdbcEventStorageEngine.FetchedEvents fetched =
                            engine.fetchFinalEvents(last, fetchSize);
                    if (fetched.last() == null) {
                        // At the head: wait for a commit of this JVM, the retry of one not read yet, or the poll.
                        long commitsNow =
                                commits.awaitAfter(commitsBefore, retryNanos > 0 ? retryNanos : idlePollNanos);
                        if (commitsNow != commitsBefore) {
                            retryNanos = FIRST_RETRY_NANOS;
                        } else if (retryNanos > 0) {
                            retryNanos = retryNanos * 2 < idlePollNanos ? retryNanos * 2 : 0;
                        }
                        continue;
                    }
                    retryNanos = 0;
                    for (TrackedEventMessage<?> event : fetched.events()) {
                        decode(event, decodePayloads, decodeMetaData);
                    }
                    if (!fetched.events().isEmpty()) {
                        ready.put(new Batch(fetched.events(), null));
                    }
                    last = fetched.last();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                if (!closed) {
                    log.warn("Prefetching events after {} failed; the stream ends with the failure", last, e);
                    ready.offer(new Batch(List.of(), e));
                }
            }
        }

        /**
         * Timestamp, metadata and payload are decoded lazily and cached; doing it here takes it off the processor's
         * thread. The metadata when the processor handles every event: Axon's processor binds it for each event it
         * handles whatever its handlers read (the correlation data of the result message it makes per event), which
         * was 9-11 % of the Kafka replicator's processor thread during a catch-up (JFR). The payload only when the
         * processor will use it: binding it for one that sends the stored bytes is wasted work.
         */
        private static void decode(TrackedEventMessage<?> event, boolean payload, boolean metaData) {
            try {
                event.getTimestamp();
                if (metaData) {
                    event.getMetaData();
                }
                if (payload) {
                    event.getPayload();
                }
            } catch (RuntimeException e) {
                // Left for the processor, which fails (and reports) on this event the way it would without us.
            }
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            if (peeked == null && current.hasNext()) {
                peeked = current.next();
            }
            if (peeked == null) {
                Batch batch = ready.poll();
                if (batch != null) {
                    take(batch);
                    return peek();
                }
            }
            return Optional.ofNullable(peeked);
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            if (peek().isPresent()) {
                return true;
            }
            Batch batch = ready.poll(timeout, unit);
            if (batch == null) {
                return false;
            }
            take(batch);
            return peek().isPresent();
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            while (peek().isEmpty()) {
                take(ready.take());
            }
            TrackedEventMessage<?> next = peeked;
            peeked = null;
            return next;
        }

        private void take(Batch batch) {
            if (batch.failure() != null) {
                throw new EventStoreException("Reading events ahead of the processor failed", batch.failure());
            }
            current = batch.events().iterator();
        }

        @Override
        public void close() {
            closed = true;
            reader.interrupt();
        }
    }
}
