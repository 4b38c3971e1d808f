package org.ledgerline.order.api;

import java.util.Objects;
import java.util.UUID;

/** Identifies an order; {@link #toString()} is the raw UUID. */
public record OrderId(UUID value) {

    public OrderId {
        Objects.requireNonNull(value, "value");
    }

    public static OrderId of(String value) {
        return new OrderId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
