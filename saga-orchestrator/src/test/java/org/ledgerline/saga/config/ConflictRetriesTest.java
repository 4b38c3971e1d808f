package org.ledgerline.saga.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Only a lost race for the aggregate is sent again, wrapped or not, and only so many times. */
class ConflictRetriesTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ConflictRetries retries = new ConflictRetries(meters);

    @AfterEach
    void close() {
        retries.close();
    }

    @Test
    void a_conflict_is_sent_again() throws InterruptedException {
        CountDownLatch sent = new CountDownLatch(1);

        boolean scheduled = retries.scheduleRetry(
                GenericCommandMessage.asCommandMessage("charge"),
                new CommandExecutionException("failed", new ConcurrencyException("another node appended first")),
                history(1),
                sent::countDown);

        assertThat(scheduled).isTrue();
        assertThat(sent.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(meters.get("ledgerline.saga.command.retries").counter().count())
                .isEqualTo(1);
    }

    @Test
    void a_refusal_is_not_sent_again() {
        boolean scheduled = retries.scheduleRetry(
                GenericCommandMessage.asCommandMessage("confirm"),
                new IllegalStateException("the order was cancelled"),
                history(1),
                () -> {});

        assertThat(scheduled).isFalse();
        assertThat(meters.get("ledgerline.saga.command.retries").counter().count())
                .isZero();
    }

    @Test
    void a_conflict_is_given_up_after_the_last_retry() {
        boolean scheduled = retries.scheduleRetry(
                GenericCommandMessage.asCommandMessage("reserve"),
                new ConcurrencyException("another node appended first"),
                history(ConflictRetries.MAX_RETRIES + 1),
                () -> {});

        assertThat(scheduled).as("the step's deadline takes over").isFalse();
    }

    @SuppressWarnings("unchecked")
    private static List<Class<? extends Throwable>[]> history(int failures) {
        List<Class<? extends Throwable>[]> history = new ArrayList<>();
        for (int i = 0; i < failures; i++) {
            history.add(new Class[] {ConcurrencyException.class});
        }
        return history;
    }
}
