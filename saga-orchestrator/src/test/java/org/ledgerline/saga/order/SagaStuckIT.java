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
import org.ledgerline.testsupport.http.ApiClient;
import org.ledgerline.testsupport.http.TestCallers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

/** A saga whose commands were lost shows as STUCK; a retry sends them again and the order goes through. */
@LedgerlineIntegrationTest(
        classes = {SagaTestApplication.class, SagaStuckIT.LosingCommands.class},
        kafka = true,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "ledgerline.admin.email=",
            "ledgerline.saga.stuck-after=PT1S",
            "ledgerline.saga.timeouts.reserve-stock=PT5M"
        })
class SagaStuckIT {

    static final AtomicBoolean LOSE_COMMANDS = new AtomicBoolean();

    /** Not a @Configuration: only this test's context takes it (the test application scans org.ledgerline.saga). */
    static class LosingCommands {

        @Bean
        @Primary
        SagaCommands losingSagaCommands(@Qualifier("sagaCommands") SagaCommands real) {
            return command -> {
                if (!LOSE_COMMANDS.get()) {
                    real.send(command);
                }
            };
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    CommandGateway commands;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void a_saga_without_progress_is_stuck_and_a_retry_sends_its_step_again() {
        SagaFixtures fixtures = new SagaFixtures(commands, jdbc);
        ApiClient api = new ApiClient(port, TestCallers::token);
        String admin = api.adminToken();
        UUID product = fixtures.product("10.00", 5);
        UUID customer = fixtures.customer("100.00");
        LOSE_COMMANDS.set(true);
        UUID order = fixtures.order(customer, new RequestedLine(product, 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> fixtures.sagaState(order) != null);
        String sagaId = fixtures.sagaId(order);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> api.get("/api/v1/sagas?state=STUCK", admin).body().contains(sagaId));
        assertThat(api.get("/api/v1/sagas/counts", admin).body()).contains("\"STUCK\":1");
        assertThat(api.get("/api/v1/sagas?state=RUNNING", admin).body()).doesNotContain(sagaId);

        LOSE_COMMANDS.set(false);
        assertThat(api.post("/api/v1/sagas/" + sagaId + "/retry", admin, null).statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> "OrderConfirmed".equals(fixtures.orderStatus(order)));
    }
}
