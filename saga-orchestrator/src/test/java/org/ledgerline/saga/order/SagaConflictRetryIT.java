package org.ledgerline.saga.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.ledgerline.order.api.RequestedLine;
import org.ledgerline.product.api.ReserveStock;
import org.ledgerline.saga.SagaTestApplication;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.ledgerline.user.api.ChargeForOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A saga command that loses the race for its aggregate (another node appended to the product or the account first:
 * Axon's {@code ConcurrencyException}) is sent again within milliseconds, not after the step's deadline: with every
 * step waiting 5 minutes, an order whose stock reservation and charge each lose twice is still confirmed within
 * seconds, with one reservation and one charge (without the retry it waits out the 5 minutes).
 */
@LedgerlineIntegrationTest(
        classes = {SagaTestApplication.class, SagaConflictRetryIT.LosingRaces.class},
        kafka = true,
        properties = {
            "ledgerline.admin.email=",
            "ledgerline.saga.timeouts.reserve-stock=PT5M",
            "ledgerline.saga.timeouts.charge-payment=PT5M",
            "ledgerline.saga.timeouts.confirm-order=PT5M"
        })
class SagaConflictRetryIT {

    static final AtomicInteger RESERVE_CONFLICTS = new AtomicInteger(2);
    static final AtomicInteger CHARGE_CONFLICTS = new AtomicInteger(2);

    /** Not a @Configuration: only this test's context takes it. */
    static class LosingRaces {

        /** Before the handler runs, as if another node had just appended to the same aggregate. */
        @Bean
        MessageHandlerInterceptor<CommandMessage<?>> losingRaces() {
            return (unitOfWork, chain) -> {
                Object command = unitOfWork.getMessage().getPayload();
                if ((command instanceof ReserveStock && RESERVE_CONFLICTS.getAndDecrement() > 0)
                        || (command instanceof ChargeForOrder && CHARGE_CONFLICTS.getAndDecrement() > 0)) {
                    throw new ConcurrencyException("another node appended to " + command + " first (simulated)");
                }
                return chain.proceed();
            };
        }
    }

    @Autowired
    CommandGateway commands;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @Test
    void a_command_that_lost_the_race_for_its_aggregate_is_sent_again_at_once() {
        SagaFixtures fixtures = new SagaFixtures(commands, jdbc);
        UUID product = fixtures.product("10.00", 5);
        UUID customer = fixtures.customer("100.00");
        UUID order = fixtures.order(customer, new RequestedLine(product, 2));

        await().atMost(Duration.ofSeconds(30)).until(() -> "OrderConfirmed".equals(fixtures.orderStatus(order)));

        assertThat(RESERVE_CONFLICTS.get())
                .as("both simulated reservation conflicts happened")
                .isNegative();
        assertThat(fixtures.events("product.StockReserved", order)).isEqualTo(1);
        assertThat(fixtures.events("user.AccountCharged", order)).isEqualTo(1);
        assertThat(meters.get("ledgerline.saga.command.retries").counter().count())
                .isEqualTo(4);
    }
}
