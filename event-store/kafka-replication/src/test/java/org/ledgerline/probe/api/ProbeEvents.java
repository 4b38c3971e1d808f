package org.ledgerline.probe.api;

import org.ledgerline.kernel.EventCatalog;

/** The made-up {@code probe} context's catalog, as a real context declares its own (topic {@code <prefix>.probe.events}). */
public final class ProbeEvents {

    public static final EventCatalog CATALOG = EventCatalog.of("probe")
            .event(ProbeHappened.class, "probe.ProbeHappened", "1", "org.ledgerline.probe.api.ProbeHappened")
            .build();

    private ProbeEvents() {}
}
