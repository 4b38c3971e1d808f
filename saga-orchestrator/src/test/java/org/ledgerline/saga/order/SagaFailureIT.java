package org.ledgerline.saga.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.ledgerline.order.api.RequestedLine;
import org.ledgerline.saga.SagaTestApplication;
import org.ledgerline.saga.api.SagaState;
import org.ledgerline.saga.api.SagaStep;
import org.ledgerline.saga.api.StepStatus;
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

/** A saga handler that throws: the event is kept, the saga shows FAILED, and a retry delivers it again. */
@LedgerlineIntegrationTest(
        classes = {SagaTestApplication.class, SagaFailureIT.FailingJournal.class},
        kafka = true,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"ledgerline.admin.email="})
class SagaFailureIT {

    private static final Duration BOUND = Duration.ofSeconds(30);
    static final AtomicBoolean FAIL_ON_CHARGE = new AtomicBoolean();

    /** Not a @Configuration: only this test's context takes it (the test application scans org.ledgerline.saga). */
    static class FailingJournal {

        /** The real journal, except that entering CHARGE_PAYMENT throws while the switch is on. */
        @Bean
        @Primary
        SagaJournal failingJournal(@Qualifier("sagaJournal") SagaJournal real) {
            return new SagaJournal() {
                @Override
                public void started(String sagaId, UUID orderId, UUID customerId) {
                    real.started(sagaId, orderId, customerId);
                }

                @Override
                public void step(UUID orderId, SagaStep step, StepStatus status, String detail) {
                    if (step == SagaStep.CHARGE_PAYMENT && status == StepStatus.PENDING && FAIL_ON_CHARGE.get()) {
                        throw new IllegalStateException("journal unavailable (test)");
                    }
                    real.step(orderId, step, status, detail);
                }

                @Override
                public void state(UUID orderId, SagaState state, SagaStep currentStep, String error) {
                    real.state(orderId, state, currentStep, error);
                }

                @Override
                public void deadline(UUID orderId, String name, Duration dueIn) {
                    real.deadline(orderId, name, dueIn);
                }

                @Override
                public void deadlineCleared(UUID orderId, String name) {
                    real.deadlineCleared(orderId, name);
                }

                @Override
                public void recovered(UUID orderId) {
                    real.recovered(orderId);
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
    void a_failed_saga_keeps_its_event_and_a_retry_delivers_it_and_finishes_the_step() {
        SagaFixtures fixtures = new SagaFixtures(commands, jdbc);
        ApiClient api = new ApiClient(port, TestCallers::token);
        String admin = api.adminToken();
        UUID product = fixtures.product("10.00", 5);
        UUID customer = fixtures.customer("100.00");
        FAIL_ON_CHARGE.set(true);
        UUID order = fixtures.order(customer, new RequestedLine(product, 1));

        await().atMost(BOUND).until(() -> "FAILED".equals(fixtures.sagaState(order)));
        String sagaId = fixtures.sagaId(order);
        HttpResponse<String> failed = api.get("/api/v1/sagas/" + sagaId, admin);
        assertThat(failed.body())
                .contains("\"state\":\"FAILED\"", "\"eventType\":\"StockReserved\"", "journal unavailable (test)");
        assertThat(api.get("/api/v1/sagas?state=FAILED", admin).body()).contains(sagaId);
        assertThat(fixtures.events("user.AccountCharged", order)).isZero();

        FAIL_ON_CHARGE.set(false);
        HttpResponse<String> retry = api.post("/api/v1/sagas/" + sagaId + "/retry", admin, null);
        assertThat(retry.statusCode()).isEqualTo(202);

        await().atMost(BOUND).until(() -> "OrderConfirmed".equals(fixtures.orderStatus(order)));
        await().atMost(BOUND).until(() -> "RUNNING".equals(fixtures.sagaState(order)));
        assertThat(api.get("/api/v1/sagas/" + sagaId, admin).body()).contains("\"failure\":null");
        assertThat(fixtures.events("user.AccountCharged", order)).isEqualTo(1);
    }
}
