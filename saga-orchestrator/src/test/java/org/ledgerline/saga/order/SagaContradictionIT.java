package org.ledgerline.saga.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ledgerline.order.api.FindOrderStatuses;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.order.api.OrderStatus;
import org.ledgerline.order.api.OrderStatuses;
import org.ledgerline.order.api.RequestedLine;
import org.ledgerline.saga.api.SagaState;
import org.ledgerline.saga.journal.SagaContradictions;
import org.ledgerline.saga.journal.SagaSummary;
import org.ledgerline.saga.journal.SagaViews;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The saga's consistency check against the orders read model, through the query bus, on real PostgreSQL: a saga
 * waiting for the shipment of a confirmed order is neither stuck nor contradicted however long it waits, while a saga
 * whose state contradicts its order (as a lost update left it: RUNNING at CONFIRM_ORDER for a rejected order) or its
 * own journal (waiting for shipment after a refund) reads CONTRADICTED, with what contradicts, until it changes.
 */
@LedgerlineIntegrationTest(
        kafka = true,
        properties = {"ledgerline.admin.email=", "ledgerline.saga.consistency-check-interval=0"})
class SagaContradictionIT {

    @Autowired
    CommandGateway commands;

    @Autowired
    QueryGateway queries;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    SagaContradictions contradictions;

    @Autowired
    SagaViews views;

    @Autowired
    MeterRegistry meters;

    SagaFixtures fixtures;

    @BeforeEach
    void setUp() {
        fixtures = new SagaFixtures(commands, jdbc);
    }

    @Test
    void a_saga_long_waiting_for_the_shipment_of_its_confirmed_order_is_neither_stuck_nor_contradicted() {
        UUID order = confirmedOrder();
        settledLongAgo(order);

        contradictions.check(500);

        assertThat(saga(order).state()).isEqualTo(SagaState.RUNNING);
        assertThat(saga(order).contradiction()).isNull();
    }

    @Test
    void a_saga_running_at_confirm_order_for_a_rejected_order_reads_contradicted_until_it_changes() {
        UUID product = fixtures.product("10.00", 1);
        UUID customer = fixtures.customer("100.00");
        UUID order = fixtures.order(customer, new RequestedLine(product, 2)); // out of stock: rejected
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        "COMPENSATED".equals(fixtures.sagaState(order)) && orderStatus(order) == OrderStatus.REJECTED);
        // What a lost update left behind: the saga's state from before the rejection.
        jdbc.update(
                "UPDATE saga_instances SET state = 'RUNNING', current_step = 'CONFIRM_ORDER' WHERE order_id = ?",
                order);
        settledLongAgo(order);
        long contradictedBefore = views.counts().get(SagaState.CONTRADICTED);
        double foundBefore =
                meters.get("ledgerline.saga.contradictions").counter().count();

        contradictions.check(500);

        SagaSummary saga = saga(order);
        assertThat(saga.state()).isEqualTo(SagaState.CONTRADICTED);
        assertThat(saga.contradiction().sagaState()).isEqualTo(SagaState.RUNNING);
        assertThat(saga.contradiction().detail())
                .isEqualTo("the saga is RUNNING at CONFIRM_ORDER but the order is REJECTED");
        assertThat(views.counts().get(SagaState.CONTRADICTED)).isEqualTo(contradictedBefore + 1);
        assertThat(meters.get("ledgerline.saga.contradictions").counter().count())
                .isEqualTo(foundBefore + 1);

        jdbc.update("UPDATE saga_instances SET updated_at = now() WHERE order_id = ?", order); // the saga moves
        assertThat(saga(order).state()).isEqualTo(SagaState.RUNNING);
    }

    @Test
    void a_saga_waiting_for_shipment_whose_journal_shows_a_refund_reads_contradicted() {
        UUID order = confirmedOrder();
        // What a lost update left behind: a timeout's compensation, journaled, under a saga that went on.
        jdbc.update(
                "INSERT INTO saga_steps (order_id, name, status, started_at, at, detail, compensation) "
                        + "VALUES (?, 'REFUND_PAYMENT', 'DONE', now(), now(), null, true)",
                order);
        settledLongAgo(order);

        contradictions.check(500);

        assertThat(saga(order).state()).isEqualTo(SagaState.CONTRADICTED);
        assertThat(saga(order).contradiction().detail()).contains("journal shows a compensation");
    }

    private UUID confirmedOrder() {
        UUID product = fixtures.product("10.00", 5);
        UUID customer = fixtures.customer("100.00");
        UUID order = fixtures.order(customer, new RequestedLine(product, 1));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.queryForObject(
                                        "SELECT count(*) FROM saga_instances WHERE order_id = ? AND current_step = 'AWAIT_SHIPMENT'",
                                        Integer.class,
                                        order)
                                == 1
                        && orderStatus(order) == OrderStatus.CONFIRMED);
        return order;
    }

    private void settledLongAgo(UUID order) {
        jdbc.update("UPDATE saga_instances SET updated_at = now() - interval '1 hour' WHERE order_id = ?", order);
    }

    private OrderStatus orderStatus(UUID order) {
        return queries.query(new FindOrderStatuses(Set.of(new OrderId(order))), OrderStatuses.class)
                .join()
                .statuses()
                .get(new OrderId(order));
    }

    private SagaSummary saga(UUID order) {
        return views.byOrder(order).orElseThrow();
    }
}
