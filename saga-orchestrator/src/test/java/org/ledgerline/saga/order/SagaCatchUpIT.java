package org.ledgerline.saga.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.Test;
import org.ledgerline.order.api.ConfirmOrder;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.order.api.RequestedLine;
import org.ledgerline.saga.SagaTestApplication;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A step's deadline on real PostgreSQL and db-scheduler, while the saga processor is behind (stopped, as after a
 * restart): the confirmation is stored but not yet handled when the step falls due. The deadline waits for the
 * processor instead of compensating, and once the processor runs again the saga goes on to wait for the shipment,
 * with nothing refunded or released.
 */
@LedgerlineIntegrationTest(
        classes = {SagaTestApplication.class, SagaFixtures.ConfirmationsLost.class},
        kafka = true,
        properties = {
            "ledgerline.admin.email=",
            "ledgerline.saga.timeouts.reserve-stock=PT2S",
            "ledgerline.saga.timeouts.charge-payment=PT2S",
            "ledgerline.saga.timeouts.confirm-order=PT2S",
            "db-scheduler.polling-interval=PT0.2S"
        })
class SagaCatchUpIT {

    @Autowired
    CommandGateway commands;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    MeterRegistry meters;

    @Test
    void a_step_due_while_its_stored_answer_waits_for_the_saga_processor_is_not_compensated() {
        SagaFixtures fixtures = new SagaFixtures(commands, jdbc);
        UUID product = fixtures.product("10.00", 5);
        UUID customer = fixtures.customer("100.00");
        UUID order = fixtures.order(customer, new RequestedLine(product, 1));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.queryForObject(
                                "SELECT count(*) FROM saga_instances WHERE order_id = ? AND current_step = 'CONFIRM_ORDER'",
                                Integer.class,
                                order)
                        == 1);

        TrackingEventProcessor sagas = processing
                .eventProcessor(OrderSaga.PROCESSING_GROUP, TrackingEventProcessor.class)
                .orElseThrow();
        sagas.shutDown();
        commands.sendAndWait(new ConfirmOrder(new OrderId(order))); // stored while the saga processor is stopped

        // The step falls due: the deadline either waits for the processor, or (as before) compensates.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> deferredDeadlines() > 0 || fixtures.events("user.AccountRefunded", order) > 0);
        assertThat(fixtures.events("user.AccountRefunded", order)).isZero();
        assertThat(fixtures.events("product.StockReservationReleased", order)).isZero();

        sagas.start();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.queryForObject(
                                "SELECT count(*) FROM saga_instances WHERE order_id = ? AND state = 'RUNNING' "
                                        + "AND current_step = 'AWAIT_SHIPMENT'",
                                Integer.class,
                                order)
                        == 1);
        assertThat(fixtures.orderStatus(order)).isEqualTo("OrderConfirmed");
        assertThat(fixtures.events("user.AccountRefunded", order)).isZero();
        assertThat(fixtures.events("product.StockReservationReleased", order)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM saga_deadlines WHERE order_id = ?", Integer.class, order))
                .isZero();
    }

    private double deferredDeadlines() {
        var counter = meters.find("ledgerline.saga.deadlines.deferred").counter();
        return counter == null ? 0 : counter.count();
    }
}
