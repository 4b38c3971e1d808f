package org.ledgerline.saga.order;

import java.util.ArrayList;
import java.util.List;

/** The saga processor's progress as a fixture test sets it: caught up unless told otherwise. */
final class FixtureProgress implements SagaProgress {

    long stored = 7;
    boolean caughtUp = true;
    /** The positions the saga asked about, in order. */
    final List<Long> asked = new ArrayList<>();

    @Override
    public long storedUpTo() {
        return stored;
    }

    @Override
    public boolean handledUpTo(long position) {
        asked.add(position);
        return caughtUp;
    }
}
