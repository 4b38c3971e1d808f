package org.ledgerline.order.api;

/**
 * The reasons the platform itself gives when it rejects or cancels an order (the order saga's compensations), as they
 * appear in {@link OrderRejected#reason()} and {@link OrderCancelled#reason()}. Those fields stay text: a
 * {@link RejectOrder} may give any reason, and a customer cancels with words of their own; compare with
 * {@link #name()}. A constant's name is on the wire: never rename one.
 */
public enum OrderRejectionReason {
    /** A product could not reserve the quantity ordered (or is discontinued). */
    OUT_OF_STOCK,
    /** The customer's account declined the charge. */
    PAYMENT_DECLINED,
    /** A step got no answer within its deadline. */
    TIMEOUT,
    /** The order was cancelled while the saga ran. */
    CANCELLED,
    /** An operator forced the compensation. */
    COMPENSATED_BY_OPERATOR
}
