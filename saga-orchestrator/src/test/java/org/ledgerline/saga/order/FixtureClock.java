package org.ledgerline.saga.order;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.axonframework.test.saga.SagaTestFixture;

/**
 * The fixture's time as the saga sees it: while a deadline is handled, the time it fires (the fixture moves its event
 * clock to the end of {@code whenTimeElapses} before it fires the deadlines on the way).
 */
final class FixtureClock extends Clock {

    private final SagaTestFixture<?> saga;
    private Instant firing;

    private FixtureClock(SagaTestFixture<?> saga) {
        this.saga = saga;
    }

    /** A clock on the fixture's time that follows the deadlines the fixture fires. */
    static FixtureClock of(SagaTestFixture<?> saga) {
        FixtureClock clock = new FixtureClock(saga);
        saga.registerDeadlineHandlerInterceptor((unitOfWork, chain) -> {
            clock.firing = unitOfWork.getMessage().getTimestamp();
            try {
                return chain.proceed();
            } finally {
                clock.firing = null;
            }
        });
        return clock;
    }

    @Override
    public Instant instant() {
        return firing != null ? firing : saga.currentTime();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
