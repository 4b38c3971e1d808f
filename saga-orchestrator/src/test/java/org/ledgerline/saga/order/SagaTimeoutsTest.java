package org.ledgerline.saga.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SagaTimeoutsTest {

    private final SagaTimeouts timeouts = new SagaTimeouts(
            Duration.ofSeconds(30), Duration.ofSeconds(30),
            Duration.ofSeconds(30), Duration.ofMinutes(1),
            Duration.ofMinutes(1), Duration.ofMinutes(10));

    @Test
    void commands_sent_again_wait_twice_as_long_each_time_up_to_the_cap() {
        assertThat(IntStream.rangeClosed(0, 6).mapToObj(n -> timeouts.resendAfter(Duration.ofMinutes(1), n)))
                .containsExactly(
                        Duration.ofMinutes(1),
                        Duration.ofMinutes(2),
                        Duration.ofMinutes(4),
                        Duration.ofMinutes(8),
                        Duration.ofMinutes(10),
                        Duration.ofMinutes(10),
                        Duration.ofMinutes(10));
    }

    @Test
    void a_cap_below_the_first_wait_never_shortens_it() {
        assertThat(timeouts.resendAfter(Duration.ofMinutes(20), 3)).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void a_deadline_waiting_for_the_saga_processor_waits_from_one_second_up_to_thirty() {
        assertThat(IntStream.rangeClosed(0, 6).mapToObj(SagaTimeouts::catchUpAfter))
                .containsExactly(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(16),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(30));
    }

    @Test
    void a_huge_number_of_resends_stays_at_the_cap() {
        assertThat(timeouts.resendAfter(Duration.ofMinutes(1), Integer.MAX_VALUE))
                .isEqualTo(Duration.ofMinutes(10));
    }
}
