package org.ledgerline.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.ledgerline.http.TokenIssuer;
import org.ledgerline.platform.LedgerlinePlatform;
import org.ledgerline.testsupport.TestInfrastructure;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** An idempotency key outlives the platform process: a retry after a restart gets the first answer. */
class IdempotencyAcrossRestartIT {

    @Test
    void a_retry_after_a_platform_restart_returns_the_first_response_and_changes_nothing() {
        String database = TestInfrastructure.newDatabase("idempotency_restart");
        UUID adminId = UUID.randomUUID();
        Map<String, String> key = Map.of("Idempotency-Key", "restart-" + UUID.randomUUID());
        String body = "{\"productId\": \"" + UUID.randomUUID() + "\", \"sku\": \"RESTART-1\", \"name\": \"Mug\", "
                + "\"price\": {\"amount\": \"12.50\", \"currency\": \"EUR\"}}";

        HttpResponse<String> first;
        try (ConfigurableApplicationContext platform = start(database)) {
            ApiClient api = client(platform);
            first = api.post("/api/v1/products", api.tokenFor(adminId, "ADMIN"), body, key);
            assertThat(first.statusCode()).isEqualTo(201);
        }
        try (ConfigurableApplicationContext platform = start(database)) {
            ApiClient api = client(platform);
            HttpResponse<String> retry = api.post("/api/v1/products", api.tokenFor(adminId, "ADMIN"), body, key);
            assertThat(retry.statusCode()).isEqualTo(201);
            assertThat(retry.body()).isEqualTo(first.body());
            assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
            JdbcTemplate jdbc = platform.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry", Integer.class))
                    .isEqualTo(1);
        }
    }

    private static ApiClient client(ConfigurableApplicationContext platform) {
        int port = ((WebServerApplicationContext) platform).getWebServer().getPort();
        return new ApiClient(port, platform.getBean(TokenIssuer.class));
    }

    private static ConfigurableApplicationContext start(String database) {
        return new SpringApplicationBuilder(LedgerlinePlatform.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + database,
                        "--spring.datasource.username="
                                + TestInfrastructure.postgres().username(),
                        "--spring.datasource.password="
                                + TestInfrastructure.postgres().password(),
                        "--ledgerline.embedded.enabled=false",
                        "--ledgerline.kafka.bootstrap-servers=" + TestInfrastructure.kafkaBootstrapServers(),
                        "--axon.update-check.disabled=true",
                        "--ledgerline.admin.email=");
    }
}
