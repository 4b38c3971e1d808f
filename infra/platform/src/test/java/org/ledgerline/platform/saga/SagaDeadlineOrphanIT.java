package org.ledgerline.platform.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.ledgerline.order.api.RequestedLine;
import org.ledgerline.platform.LedgerlinePlatform;
import org.ledgerline.saga.order.SagaFixtures;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A saga deadline that a scheduler picked and then could not finish or record - its node was killed, or PostgreSQL
 * died under it, as the fault suite once caught at the moment two deadlines were picked - is run again within
 * seconds of its heartbeat going stale, not after db-scheduler's default half hour (5 min heartbeat x 6 missed).
 * Here the confirmation is lost, and the step's deadline is left as a dead node leaves it: picked, its heartbeat a
 * minute old. The platform's settings (heartbeat 5 s, 6 missed: stale after 30 s) revive it and the saga compensates.
 * (The earlier steps wait two hours, the confirmation one: the saga's one deadline is then the confirmation's.)
 */
@LedgerlineIntegrationTest(
        classes = {LedgerlinePlatform.class, SagaFixtures.ConfirmationsLost.class},
        kafka = true,
        properties = {
            "ledgerline.admin.email=",
            "ledgerline.saga.timeouts.reserve-stock=PT2H",
            "ledgerline.saga.timeouts.charge-payment=PT2H",
            "ledgerline.saga.timeouts.confirm-order=PT1H"
        })
class SagaDeadlineOrphanIT {

    @Autowired
    CommandGateway commands;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void a_deadline_left_picked_by_a_dead_scheduler_runs_again_and_the_saga_compensates() {
        SagaFixtures fixtures = new SagaFixtures(commands, jdbc);
        UUID product = fixtures.product("10.00", 5);
        UUID customer = fixtures.customer("100.00");
        UUID order = fixtures.order(customer, new RequestedLine(product, 1));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.queryForList(
                                "SELECT current_step FROM saga_instances WHERE order_id = ?", String.class, order)
                        .contains("CONFIRM_ORDER"));
        String confirmationDeadline =
                "task_name = 'AxonDeadline' AND NOT picked " + "AND execution_time < now() + interval '90 minutes'";
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.queryForObject(
                                "SELECT count(*) FROM scheduled_tasks WHERE " + confirmationDeadline, Integer.class)
                        == 1);

        // As a scheduler that died mid-run leaves it: picked, due, the last heartbeat a minute ago.
        int orphaned = jdbc.update("UPDATE scheduled_tasks SET picked = true, picked_by = 'a-node-that-died', "
                + "last_heartbeat = now() - interval '1 minute', "
                + "execution_time = now() - interval '1 minute', version = version + 1 "
                + "WHERE " + confirmationDeadline);
        assertThat(orphaned).isEqualTo(1);

        await().atMost(Duration.ofSeconds(90)).until(() -> "COMPENSATED".equals(fixtures.sagaState(order)));
        assertThat(fixtures.orderStatus(order)).isEqualTo("OrderRejected");
        assertThat(fixtures.events("user.AccountRefunded", order)).isEqualTo(1);
        assertThat(fixtures.events("product.StockReservationReleased", order)).isEqualTo(1);
    }
}
