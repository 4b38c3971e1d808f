package org.ledgerline.saga.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.order.api.RequestedLine;
import org.ledgerline.order.api.ShipOrder;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The order saga end to end on real PostgreSQL and Kafka: confirmed, shipped, refused. */
@LedgerlineIntegrationTest(
        kafka = true,
        properties = {"ledgerline.admin.email="})
class SagaFlowIT {

    private static final Duration BOUND = Duration.ofSeconds(30);

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
    void an_order_with_stock_and_money_is_confirmed_and_waits_for_shipment() {
        UUID product = fixtures.product("10.00", 5);
        UUID customer = fixtures.customer("100.00");
        UUID order = fixtures.order(customer, new RequestedLine(product, 2));

        await().atMost(BOUND).until(() -> "OrderConfirmed".equals(fixtures.orderStatus(order)));
        await().atMost(BOUND)
                .untilAsserted(() -> assertThat(jdbc.queryForObject(
                                "SELECT current_step FROM saga_instances WHERE order_id = ?", String.class, order))
                        .isEqualTo("AWAIT_SHIPMENT"));
        assertThat(fixtures.sagaState(order)).isEqualTo("RUNNING");
        assertThat(jdbc.queryForList(
                        "SELECT name || ':' || status FROM saga_steps WHERE order_id = ? " + "ORDER BY step_no",
                        String.class,
                        order))
                .containsExactly(
                        "RESERVE_STOCK:DONE", "CHARGE_PAYMENT:DONE", "CONFIRM_ORDER:DONE", "AWAIT_SHIPMENT:PENDING");
        // The saga's one deadline was cancelled on confirmation: none left in db-scheduler or the journal.
        assertThat(jdbc.queryForObject("SELECT count(*) FROM saga_deadlines WHERE order_id = ?", Integer.class, order))
                .isZero();
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM scheduled_tasks WHERE task_name = ?",
                        Integer.class,
                        new DbSchedulerDeadlineToken("").getTaskName()))
                .isZero();
    }

    @Test
    void a_shipped_order_commits_its_stock_and_completes_the_saga() {
        UUID product = fixtures.product("10.00", 5);
        UUID customer = fixtures.customer("100.00");
        UUID order = fixtures.order(customer, new RequestedLine(product, 2));
        await().atMost(BOUND).until(() -> "OrderConfirmed".equals(fixtures.orderStatus(order)));

        commands.sendAndWait(new ShipOrder(new OrderId(order), "TRACK-1", null));

        await().atMost(BOUND).until(() -> "COMPLETED".equals(fixtures.sagaState(order)));
        assertThat(fixtures.events("product.StockReservationCommitted", order)).isEqualTo(1);
    }

    @Test
    void an_order_beyond_the_balance_is_rejected_and_its_stock_released() {
        UUID product = fixtures.product("10.00", 5);
        UUID customer = fixtures.customer("5.00");
        UUID order = fixtures.order(customer, new RequestedLine(product, 2));

        await().atMost(BOUND).until(() -> "COMPENSATED".equals(fixtures.sagaState(order)));
        assertThat(fixtures.orderStatus(order)).isEqualTo("OrderRejected");
        assertThat(fixtures.events("product.StockReservationReleased", order)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT last_error FROM saga_instances WHERE order_id = ?", String.class, order))
                .contains("INSUFFICIENT_FUNDS");
    }
}
