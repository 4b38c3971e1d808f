package org.ledgerline.saga.order;

/**
 * How far the saga processor has come through the event store. A step's deadline asks before it gives up on an
 * answer: after a restart, or behind a backlog, the answer may be stored already and only not yet handled, and
 * compensating then would undo an order that succeeded.
 */
public interface SagaProgress {

    /** The position of the last event stored now; -1 for an empty store. */
    long storedUpTo();

    /** Whether the saga processor has handled every event up to {@code position} (every segment, every node). */
    boolean handledUpTo(long position);

    /** A processor that is never behind: for tests of the saga's own logic. */
    SagaProgress CAUGHT_UP = new SagaProgress() {
        @Override
        public long storedUpTo() {
            return -1;
        }

        @Override
        public boolean handledUpTo(long position) {
            return true;
        }
    };
}
