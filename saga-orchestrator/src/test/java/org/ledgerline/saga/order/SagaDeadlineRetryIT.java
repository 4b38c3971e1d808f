package org.ledgerline.saga.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.ledgerline.order.api.ConfirmOrder;
import org.ledgerline.order.api.RejectOrder;
import org.ledgerline.order.api.RequestedLine;
import org.ledgerline.saga.SagaTestApplication;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A deadline whose handler fails is not lost: its transaction rolls back (nothing of the failed attempt stays) and
 * db-scheduler runs it again within seconds, not Axon's default five minutes. Here the confirmation is lost, the
 * step times out, and the first attempt to compensate throws; the second compensates.
 */
@LedgerlineIntegrationTest(
        classes = {SagaTestApplication.class, SagaDeadlineRetryIT.FailingOnce.class},
        kafka = true,
        properties = {
            "ledgerline.admin.email=",
            "ledgerline.saga.timeouts.confirm-order=PT1S",
            "db-scheduler.polling-interval=PT0.2S"
        })
class SagaDeadlineRetryIT {

    /** Not a @Configuration: only this test's context takes it. */
    static class FailingOnce {

        @Bean
        @Primary
        SagaCommands failingOnce(@Qualifier("sagaCommands") SagaCommands real) {
            AtomicBoolean failed = new AtomicBoolean();
            return command -> {
                if (command instanceof ConfirmOrder) {
                    return; // lost: the step times out
                }
                if (command instanceof RejectOrder && failed.compareAndSet(false, true)) {
                    throw new IllegalStateException("the database went away for a moment");
                }
                real.send(command);
            };
        }
    }

    @Autowired
    CommandGateway commands;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void a_deadline_whose_handler_failed_runs_again_soon_and_compensates() {
        SagaFixtures fixtures = new SagaFixtures(commands, jdbc);
        UUID product = fixtures.product("10.00", 5);
        UUID customer = fixtures.customer("100.00");
        UUID order = fixtures.order(customer, new RequestedLine(product, 1));

        await().atMost(Duration.ofSeconds(30)).until(() -> "COMPENSATED".equals(fixtures.sagaState(order)));

        assertThat(fixtures.orderStatus(order)).isEqualTo("OrderRejected");
        assertThat(fixtures.events("user.AccountRefunded", order)).isEqualTo(1);
        assertThat(fixtures.events("product.StockReservationReleased", order)).isEqualTo(1);
    }
}
