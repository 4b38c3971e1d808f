package org.ledgerline.projections.progress;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.ledgerline.eventstore.CommitOrderTrackingToken;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Read-your-writes: waits until a read model has processed a given event-store position. Projectors signal after each
 * committed batch, so a waiter wakes on progress instead of polling; a coarse re-check every half second covers
 * progress made by another node.
 */
@Component
public class ProjectionProgress {

    private static final String SIGNAL = ProjectionProgress.class.getName() + ".signal";
    private static final long RECHECK_MILLIS = 500;

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    /** Bumped on every signal, so a waiter that checked just before a commit does not sleep through it. */
    private long generation;

    ProjectionProgress(JdbcTemplate jdbc, Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /** Called by a projector while it handles an event: signals waiters once the batch has committed. */
    public void signalAfterCommit() {
        if (!CurrentUnitOfWork.isStarted()) {
            return;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        root.getOrComputeResource(SIGNAL, key -> {
            root.afterCommit(u -> signal());
            return Boolean.TRUE;
        });
    }

    private void signal() {
        lock.lock();
        try {
            generation++;
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits, at most {@code timeout}, until {@code processor} has processed the event at {@code position}.
     *
     * @return whether it has
     */
    public boolean await(String processor, long position, Duration timeout) throws InterruptedException {
        CommitOrderTrackingToken target = tokenOf(position);
        if (target == null) {
            return false;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seen = currentGeneration();
            if (covers(processor, target)) {
                return true;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            lock.lock();
            try {
                if (generation == seen) {
                    advanced.await(
                            Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(RECHECK_MILLIS)), TimeUnit.NANOSECONDS);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private long currentGeneration() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }

    /** Whether an event is stored at {@code position}. */
    public boolean isStored(long position) {
        return tokenOf(position) != null;
    }

    private CommitOrderTrackingToken tokenOf(long position) {
        List<Long> transaction =
                jdbc.queryForList("SELECT tx_id FROM domainevententry WHERE globalindex = ?", Long.class, position);
        return transaction.isEmpty() ? null : new CommitOrderTrackingToken(transaction.getFirst(), position);
    }

    /** Whether every segment of the processor is at or past the target. */
    private boolean covers(String processor, CommitOrderTrackingToken target) {
        List<TrackingToken> tokens = jdbc.query(
                "SELECT token, tokentype FROM tokenentry WHERE processorname = ?",
                (rs, row) -> rs.getBytes(1) == null
                        ? null
                        : (TrackingToken) serializer.deserialize(
                                new SimpleSerializedObject<>(rs.getBytes(1), byte[].class, rs.getString(2), null)),
                processor);
        if (tokens.isEmpty()) {
            return false;
        }
        for (TrackingToken token : tokens) {
            TrackingToken position = token == null ? null : WrappedToken.unwrapLowerBound(token);
            if (!(position instanceof CommitOrderTrackingToken commitOrder) || !commitOrder.covers(target)) {
                return false;
            }
        }
        return true;
    }
}
