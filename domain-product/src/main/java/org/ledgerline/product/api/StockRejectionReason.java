package org.ledgerline.product.api;

/**
 * Why a stock reservation was refused ({@link StockReservationRejected#reason()}). Stored and published by its name,
 * so a constant's name is part of the event contract: never rename one.
 */
public enum StockRejectionReason {
    /** Fewer items are available than the order asks for. */
    OUT_OF_STOCK,
    /** The product is no longer sold. */
    DISCONTINUED
}
