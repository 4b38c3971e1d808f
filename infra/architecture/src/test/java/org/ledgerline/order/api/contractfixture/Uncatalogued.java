package org.ledgerline.order.api.contractfixture;

import org.axonframework.eventhandling.EventHandler;

/**
 * A deliberate gap in the event contract, seen only by {@code EventCatalogCoverageTest}: an event of the order
 * context's contract that a handler handles but no catalog lists.
 */
public class Uncatalogued {

    /** The event nobody announced. */
    public record SomethingHappened(String id) {}

    @EventHandler
    void on(SomethingHappened event) {}
}
