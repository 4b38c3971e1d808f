package org.ledgerline.platform.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.junit.jupiter.api.Test;
import org.ledgerline.order.api.RequestedLine;
import org.ledgerline.platform.LedgerlinePlatform;
import org.ledgerline.saga.order.SagaCommands;
import org.ledgerline.saga.order.SagaFixtures;
import org.ledgerline.testsupport.TestInfrastructure;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** A saga's deadline is stored in the database: armed by one platform process, it fires in the next. */
class SagaDeadlineRestartIT {

    @Test
    void a_deadline_armed_before_a_restart_fires_after_it_and_the_saga_compensates_with_timeout() {
        String database = TestInfrastructure.newDatabase("saga_deadline_restart");
        UUID order;
        String sagaId;
        // First process: the saga's commands go nowhere, so the reservation is never answered.
        try (ConfigurableApplicationContext platform = start(database, true)) {
            assertThat(platform.getBean(DeadlineManager.class)).isInstanceOf(DbSchedulerDeadlineManager.class);
            SagaFixtures fixtures = fixtures(platform);
            UUID product = fixtures.product("10.00", 5);
            UUID customer = fixtures.customer("100.00");
            order = fixtures.order(customer, new RequestedLine(product, 2));
            JdbcTemplate jdbc = platform.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> jdbc.queryForObject(
                                    "SELECT count(*) FROM saga_deadlines WHERE order_id = ? AND name = 'RESERVE_STOCK'",
                                    Integer.class,
                                    order)
                            == 1);
            sagaId = fixtures.sagaId(order);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM scheduled_tasks WHERE picked = false", Integer.class))
                    .isEqualTo(1);
        }
        // Second process on the same database: the overdue deadline fires and the saga compensates.
        try (ConfigurableApplicationContext platform = start(database, false)) {
            SagaFixtures fixtures = fixtures(platform);
            await().atMost(Duration.ofSeconds(45)).until(() -> "COMPENSATED".equals(fixtures.sagaState(order)));
            assertThat(fixtures.orderStatus(order)).isEqualTo("OrderRejected");
            JdbcTemplate jdbc = platform.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject(
                            "SELECT last_error FROM saga_instances WHERE saga_id = ?", String.class, sagaId))
                    .startsWith("RESERVE_STOCK: no answer");
            // Reserved late (asked again while compensating) and released: nothing stays reserved.
            assertThat(fixtures.events("product.StockReserved", order))
                    .isEqualTo(fixtures.events("product.StockReservationReleased", order));
        }
    }

    private static SagaFixtures fixtures(ConfigurableApplicationContext platform) {
        return new SagaFixtures(platform.getBean(CommandGateway.class), platform.getBean(JdbcTemplate.class));
    }

    private static ConfigurableApplicationContext start(String database, boolean dropSagaCommands) {
        SpringApplicationBuilder builder = new SpringApplicationBuilder(LedgerlinePlatform.class);
        if (dropSagaCommands) {
            builder.initializers(context -> ((GenericApplicationContext) context)
                    .registerBean(
                            "droppingSagaCommands",
                            SagaCommands.class,
                            () -> command -> {},
                            definition -> definition.setPrimary(true)));
        }
        return builder.run(
                "--server.port=0",
                "--spring.datasource.url=" + database,
                "--spring.datasource.username=" + TestInfrastructure.postgres().username(),
                "--spring.datasource.password=" + TestInfrastructure.postgres().password(),
                "--ledgerline.embedded.enabled=false",
                "--ledgerline.kafka.bootstrap-servers=" + TestInfrastructure.kafkaBootstrapServers(),
                "--axon.update-check.disabled=true",
                "--ledgerline.admin.email=",
                "--ledgerline.saga.timeouts.reserve-stock=PT6S",
                "--ledgerline.saga.timeouts.compensation=PT2S",
                "--db-scheduler.polling-interval=PT0.5S");
    }
}
