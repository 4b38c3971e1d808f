package org.ledgerline.probe.api;

/** A test event of a made-up bounded context, {@code probe}, whose topic is {@code ledgerline.probe.events}. */
public record ProbeHappened(String aggregateId, long step) {}
