package org.ledgerline.product.api;

import java.util.Objects;
import java.util.UUID;

/** Identifies a product; {@link #toString()} is the raw UUID. */
public record ProductId(UUID value) {

    public ProductId {
        Objects.requireNonNull(value, "value");
    }

    public static ProductId of(String value) {
        return new ProductId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
