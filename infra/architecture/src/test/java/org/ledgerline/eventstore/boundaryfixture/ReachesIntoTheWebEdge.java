package org.ledgerline.eventstore.boundaryfixture;

import org.ledgerline.http.Caller;

/**
 * A deliberate boundary violation, seen only by {@code ModuleBoundariesTest}: event-store code using the HTTP edge,
 * which sits above it.
 */
public class ReachesIntoTheWebEdge {

    Caller caller;
}
