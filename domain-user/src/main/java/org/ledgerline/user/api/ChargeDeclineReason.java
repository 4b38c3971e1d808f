package org.ledgerline.user.api;

/**
 * Why a charge was declined ({@link ChargeDeclined#reason()}). Stored and published by its name, so a constant's name
 * is part of the event contract: never rename one.
 */
public enum ChargeDeclineReason {
    /** The balance does not cover the amount. */
    INSUFFICIENT_FUNDS
}
