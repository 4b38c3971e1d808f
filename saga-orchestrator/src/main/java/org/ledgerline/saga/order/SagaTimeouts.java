package org.ledgerline.saga.order;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long the saga waits for each answer before it gives up (the forward steps) or sends its commands again
 * (committing shipped stock, compensating), and the clock those waits are measured with.
 */
public record SagaTimeouts(Duration reserveStock, Duration chargePayment, Duration confirmOrder,
                           Duration commitStock, Duration compensation, Clock clock) {

    public SagaTimeouts {
        Objects.requireNonNull(reserveStock, "reserveStock");
        Objects.requireNonNull(chargePayment, "chargePayment");
        Objects.requireNonNull(confirmOrder, "confirmOrder");
        Objects.requireNonNull(commitStock, "commitStock");
        Objects.requireNonNull(compensation, "compensation");
        Objects.requireNonNull(clock, "clock");
    }

    /** On the system clock, as the deadline manager keeps time. */
    public SagaTimeouts(Duration reserveStock, Duration chargePayment, Duration confirmOrder, Duration commitStock,
                        Duration compensation) {
        this(reserveStock, chargePayment, confirmOrder, commitStock, compensation, Clock.systemUTC());
    }

    public static SagaTimeouts defaults() {
        return new SagaTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30),
                                Duration.ofMinutes(1), Duration.ofMinutes(1));
    }

    Instant now() {
        return clock.instant();
    }
}
