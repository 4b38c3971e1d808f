package org.ledgerline.platform.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.ledgerline.http.TokenIssuer;
import org.ledgerline.platform.web.ApiClient;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.ledgerline.testsupport.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Operations endpoints live on the management port only. Without a token health tells its status and nothing else
 * (no components, no details such as Kafka's bootstrap servers); an ADMIN sees the details; Prometheus scrapes
 * without a user's token; the probe groups answer.
 */
@LedgerlineIntegrationTest(kafka = true, webEnvironment = WebEnvironment.RANDOM_PORT)
class ManagementPortIT {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    TokenIssuer tokens;

    @Test
    void the_management_port_is_its_own_port_and_the_api_port_has_no_actuator() {
        assertThat(managementPort).isPositive().isNotEqualTo(port);
        ApiClient api = new ApiClient(port, tokens);
        for (String path : new String[] {
            "/actuator/health", "/actuator/health/readiness", "/actuator/prometheus", "/actuator/metrics", "/actuator"
        }) {
            HttpResponse<String> anonymous = api.get(path, null);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            HttpResponse<String> admin = api.get(path, api.adminToken());
            assertThat(admin.statusCode()).as(path).isIn(403, 404);
            assertThat(admin.body())
                    .as(path)
                    .doesNotContain("\"status\":\"UP\"")
                    .doesNotContain("# HELP");
        }
    }

    @Test
    void health_without_a_token_answers_its_status_only() {
        ApiClient management = new ApiClient(managementPort, tokens);
        for (String path :
                new String[] {"/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness"}) {
            HttpResponse<String> health = management.get(path, null);
            assertThat(health.statusCode()).as(path).isEqualTo(200);
            assertThat(health.body())
                    .as(path)
                    .contains("\"status\":\"UP\"")
                    .doesNotContain("components")
                    .doesNotContain("details")
                    .doesNotContain("kafka")
                    .doesNotContain(TestInfrastructure.kafkaBootstrapServers());
        }
    }

    @Test
    void an_admin_sees_the_components_and_details() {
        ApiClient management = new ApiClient(managementPort, tokens);
        HttpResponse<String> health = management.get("/actuator/health", management.adminToken());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body())
                .contains("\"components\"")
                .contains("\"db\"")
                .contains("\"kafka\"")
                .contains("\"details\"");
        HttpResponse<String> readiness = management.get("/actuator/health/readiness", management.adminToken());
        assertThat(readiness.body())
                .contains("\"readinessState\"")
                .contains("\"db\"")
                .contains("\"kafka\"");
        HttpResponse<String> liveness = management.get("/actuator/health/liveness", management.adminToken());
        assertThat(liveness.body()).contains("\"livenessState\"").doesNotContain("\"db\"");
    }

    @Test
    void a_customer_sees_the_status_only_and_no_metrics() {
        ApiClient management = new ApiClient(managementPort, tokens);
        String customer = management.tokenFor(java.util.UUID.randomUUID(), "CUSTOMER");
        assertThat(management.get("/actuator/health", customer).body()).doesNotContain("components");
        assertThat(management.get("/actuator/metrics", customer).statusCode()).isEqualTo(403);
        assertThat(management.get("/actuator/metrics", null).statusCode()).isEqualTo(401);
        assertThat(management.get("/actuator/metrics", management.adminToken()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void prometheus_scrapes_without_a_token_when_no_scrape_token_is_configured() {
        HttpResponse<String> scrape = new ApiClient(managementPort, tokens).get("/actuator/prometheus", null);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("application=\"ledgerline\"");
    }
}
