package org.ledgerline.saga.order;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the saga waits for each answer before it gives up (the forward steps) or sends its commands again
 * (committing shipped stock, compensating).
 */
public record SagaTimeouts(Duration reserveStock, Duration chargePayment, Duration confirmOrder,
                           Duration commitStock, Duration compensation) {

    public SagaTimeouts {
        Objects.requireNonNull(reserveStock, "reserveStock");
        Objects.requireNonNull(chargePayment, "chargePayment");
        Objects.requireNonNull(confirmOrder, "confirmOrder");
        Objects.requireNonNull(commitStock, "commitStock");
        Objects.requireNonNull(compensation, "compensation");
    }

    public static SagaTimeouts defaults() {
        return new SagaTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30),
                                Duration.ofMinutes(1), Duration.ofMinutes(1));
    }
}
