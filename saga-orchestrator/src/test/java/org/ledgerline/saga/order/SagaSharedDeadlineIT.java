package org.ledgerline.saga.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
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
 * The saga's one deadline, through db-scheduler on real PostgreSQL: armed for the stock reservation (1 s), kept when
 * the payment step starts (4 s), it fires while the payment is not yet due, schedules itself again for the payment's
 * due time, and only then times the payment out. The charges are lost, so the payment never answers.
 */
@LedgerlineIntegrationTest(
        classes = {SagaTestApplication.class, SagaSharedDeadlineIT.LostCharges.class},
        kafka = true,
        properties = {
            "ledgerline.admin.email=",
            "ledgerline.saga.timeouts.reserve-stock=PT1S",
            "ledgerline.saga.timeouts.charge-payment=PT4S",
            "db-scheduler.polling-interval=PT0.2S"
        })
class SagaSharedDeadlineIT {

    /** Not a @Configuration: only this test's context takes it (the test application scans org.ledgerline.saga). */
    static class LostCharges {

        @Bean
        @Primary
        SagaCommands losingCharges(@Qualifier("sagaCommands") SagaCommands real) {
            return command -> {
                if (!(command instanceof ChargeForOrder)) {
                    real.send(command);
                }
            };
        }
    }

    @Autowired
    CommandGateway commands;

    @Autowired
    JdbcTemplate jdbc;

    SagaFixtures fixtures;

    @BeforeEach
    void setUp() {
        fixtures = new SagaFixtures(commands, jdbc);
    }

    @Test
    void a_step_that_inherits_an_earlier_deadline_times_out_at_its_own_due_time() {
        UUID product = fixtures.product("10.00", 5);
        UUID customer = fixtures.customer("100.00");
        UUID order = fixtures.order(customer, new RequestedLine(product, 1));

        // It compensates, and stays COMPENSATING: every charge is lost here, the ones sent again too.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "OrderRejected".equals(fixtures.orderStatus(order))
                        && fixtures.events("product.StockReservationReleased", order) == 1);

        assertThat(fixtures.sagaState(order)).isEqualTo("COMPENSATING");
        Map<String, Object> payment = jdbc.queryForMap(
                "SELECT status, detail, started_at, at FROM saga_steps WHERE order_id = ? AND name = 'CHARGE_PAYMENT'",
                order);
        assertThat(payment.get("status")).isEqualTo("FAILED");
        assertThat((String) payment.get("detail")).contains("no answer within PT4S");
        // Not when the reservation's 1 s deadline fired, but 4 s after the payment step started.
        Duration waited = Duration.between(
                ((Timestamp) payment.get("started_at")).toInstant(), ((Timestamp) payment.get("at")).toInstant());
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
        assertThat(jdbc.queryForObject("SELECT last_error FROM saga_instances WHERE order_id = ?", String.class, order))
                .isEqualTo("CHARGE_PAYMENT: no answer within PT4S");
    }
}
