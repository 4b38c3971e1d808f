package org.ledgerline.saga.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.ledgerline.order.api.RequestedLine;
import org.ledgerline.saga.SagaTestApplication;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.ledgerline.user.api.ChargeForOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A saga whose charge was lost (as in a crash between the saga's commit and the send) does not stay COMPENSATING:
 * the payment step times out, and the compensation deadline asks for the charge again. The account charges it now,
 * the saga refunds it, and the saga ends COMPENSATED with the money and the stock given back. Through db-scheduler
 * on real PostgreSQL.
 */
@LedgerlineIntegrationTest(
        classes = {SagaTestApplication.class, SagaLostCommandIT.FirstChargeLost.class},
        kafka = true,
        properties = {
            "ledgerline.admin.email=",
            "ledgerline.saga.timeouts.reserve-stock=PT2S",
            "ledgerline.saga.timeouts.charge-payment=PT2S",
            "ledgerline.saga.timeouts.compensation=PT2S",
            "db-scheduler.polling-interval=PT0.2S"
        })
class SagaLostCommandIT {

    /** Not a @Configuration: only this test's context takes it. */
    static class FirstChargeLost {

        @Bean
        @Primary
        SagaCommands losingTheFirstCharge(@Qualifier("sagaCommands") SagaCommands real) {
            AtomicBoolean lost = new AtomicBoolean();
            return command -> {
                if (!(command instanceof ChargeForOrder) || !lost.compareAndSet(false, true)) {
                    real.send(command);
                }
            };
        }
    }

    @Autowired
    CommandGateway commands;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void a_saga_whose_charge_was_lost_asks_again_and_ends_compensated_with_everything_given_back() {
        SagaFixtures fixtures = new SagaFixtures(commands, jdbc);
        UUID product = fixtures.product("10.00", 5);
        UUID customer = fixtures.customer("100.00");
        UUID order = fixtures.order(customer, new RequestedLine(product, 2));

        await().atMost(Duration.ofSeconds(60)).until(() -> "COMPENSATED".equals(fixtures.sagaState(order)));

        assertThat(fixtures.orderStatus(order)).isEqualTo("OrderRejected");
        assertThat(fixtures.events("user.AccountCharged", order)).isEqualTo(1);
        assertThat(fixtures.events("user.AccountRefunded", order)).isEqualTo(1);
        assertThat(fixtures.events("product.StockReserved", order)).isEqualTo(1);
        assertThat(fixtures.events("product.StockReservationReleased", order)).isEqualTo(1);
    }
}
