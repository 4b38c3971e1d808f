package org.ledgerline.saga.order;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How long the saga waits for each answer before it gives up (the forward steps) or sends its commands again
 * (committing shipped stock, compensating), and the clock those waits are measured with. Commands sent again are
 * sent with back-off: each wait twice the one before, from the step's timeout up to {@code resendCap}.
 */
public record SagaTimeouts(
        Duration reserveStock,
        Duration chargePayment,
        Duration confirmOrder,
        Duration commitStock,
        Duration compensation,
        Duration resendCap,
        Clock clock) {

    /** Used when no cap is given. */
    public static final Duration DEFAULT_RESEND_CAP = Duration.ofMinutes(10);
    /** A deadline that finds the saga processor behind waits this long first, then twice as long each time... */
    static final Duration CATCH_UP_FIRST = Duration.ofSeconds(1);
    /** ...up to this. */
    static final Duration CATCH_UP_CAP = Duration.ofSeconds(30);

    public SagaTimeouts {
        Objects.requireNonNull(reserveStock, "reserveStock");
        Objects.requireNonNull(chargePayment, "chargePayment");
        Objects.requireNonNull(confirmOrder, "confirmOrder");
        Objects.requireNonNull(commitStock, "commitStock");
        Objects.requireNonNull(compensation, "compensation");
        Objects.requireNonNull(resendCap, "resendCap");
        Objects.requireNonNull(clock, "clock");
    }

    public SagaTimeouts(
            Duration reserveStock,
            Duration chargePayment,
            Duration confirmOrder,
            Duration commitStock,
            Duration compensation,
            Clock clock) {
        this(reserveStock, chargePayment, confirmOrder, commitStock, compensation, DEFAULT_RESEND_CAP, clock);
    }

    /** On the system clock, as the deadline manager keeps time. */
    public SagaTimeouts(
            Duration reserveStock,
            Duration chargePayment,
            Duration confirmOrder,
            Duration commitStock,
            Duration compensation,
            Duration resendCap) {
        this(reserveStock, chargePayment, confirmOrder, commitStock, compensation, resendCap, Clock.systemUTC());
    }

    /** On the system clock, with the default cap. */
    public SagaTimeouts(
            Duration reserveStock,
            Duration chargePayment,
            Duration confirmOrder,
            Duration commitStock,
            Duration compensation) {
        this(reserveStock, chargePayment, confirmOrder, commitStock, compensation, DEFAULT_RESEND_CAP);
    }

    public static SagaTimeouts defaults() {
        return new SagaTimeouts(
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                Duration.ofMinutes(1),
                Duration.ofMinutes(1));
    }

    /** The wait before commands are sent again for the {@code resends + 1}th time: doubled each time, capped. */
    Duration resendAfter(Duration first, int resends) {
        return doubled(first, resends, resendCap.compareTo(first) < 0 ? first : resendCap);
    }

    /** The wait of a deadline that found the saga processor behind for the {@code waits + 1}th time. */
    static Duration catchUpAfter(int waits) {
        return doubled(CATCH_UP_FIRST, waits, CATCH_UP_CAP);
    }

    /** {@code first}, doubled {@code times} times, at most {@code cap}: the back-off of every saga retry. */
    public static Duration doubled(Duration first, int times, Duration cap) {
        Duration wait = first;
        for (int i = 0; i < times && wait.compareTo(cap) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(cap) > 0 ? cap : wait;
    }

    Instant now() {
        return clock.instant();
    }
}
