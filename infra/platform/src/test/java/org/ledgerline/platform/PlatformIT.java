package org.ledgerline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.ledgerline.http.TokenIssuer;
import org.ledgerline.kernel.Money;
import org.ledgerline.product.api.CreateProduct;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

/** The assembled platform on real PostgreSQL and Kafka: healthy, probed, measured, and taking commands. */
@LedgerlineIntegrationTest(kafka = true, webEnvironment = WebEnvironment.RANDOM_PORT)
class PlatformIT {

    @LocalManagementPort
    int managementPort;

    @Autowired
    CommandGateway commands;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void health_reports_the_database_and_kafka_up_to_an_admin_on_the_management_port() {
        String admin = tokens.issue(UUID.randomUUID(), Set.of("ADMIN")).accessToken();
        String health = management()
                .get()
                .uri("/actuator/health")
                .header("Authorization", "Bearer " + admin)
                .retrieve()
                .body(String.class);
        assertThat(health).contains("\"status\":\"UP\"").contains("\"db\":").contains("\"kafka\":");
    }

    @Test
    void readiness_includes_the_database_and_kafka_and_liveness_answers() {
        String admin = tokens.issue(UUID.randomUUID(), Set.of("ADMIN")).accessToken();
        String readiness = management()
                .get()
                .uri("/actuator/health/readiness")
                .header("Authorization", "Bearer " + admin)
                .retrieve()
                .body(String.class);
        assertThat(readiness).contains("\"db\"").contains("\"kafka\"").contains("\"status\":\"UP\"");
        String liveness =
                management().get().uri("/actuator/health/liveness").retrieve().body(String.class);
        assertThat(liveness).contains("\"status\":\"UP\"");
    }

    @Autowired
    TokenIssuer tokens;

    @Test
    void prometheus_is_scraped_on_the_management_port_and_metrics_need_an_admin() {
        String metrics =
                management().get().uri("/actuator/prometheus").retrieve().body(String.class);
        assertThat(metrics).contains("hikaricp_connections").contains("application=\"ledgerline\"");
        String customer = tokens.issue(UUID.randomUUID(), Set.of("CUSTOMER")).accessToken();
        assertThat(management()
                        .get()
                        .uri("/actuator/metrics")
                        .header("Authorization", "Bearer " + customer)
                        .retrieve()
                        .onStatus(status -> true, (request, response) -> {})
                        .toBodilessEntity()
                        .getStatusCode()
                        .value())
                .isEqualTo(403);
    }

    @Test
    void the_platform_takes_a_command_into_the_postgresql_event_store() {
        ProductId id = new ProductId(UUID.randomUUID());
        commands.sendAndWait(new CreateProduct(id, "SKU-" + id, "Teapot", Money.of("20.00", "EUR"), 10));
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?",
                        Integer.class,
                        id.toString()))
                .isEqualTo(1);
    }

    private RestClient management() {
        return RestClient.create("http://127.0.0.1:" + managementPort);
    }
}
