package org.ledgerline.platform.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.ledgerline.http.TokenIssuer;
import org.ledgerline.platform.web.ApiClient;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;

/** With LEDGERLINE_METRICS_SCRAPE_TOKEN set, Prometheus needs exactly that token, and it opens nothing else. */
@LedgerlineIntegrationTest(
        kafka = true,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "ledgerline.management.scrape-token=" + ScrapeTokenIT.SCRAPE_TOKEN)
class ScrapeTokenIT {

    static final String SCRAPE_TOKEN = "scrape-token-for-tests-0123456789";

    @LocalManagementPort
    int managementPort;

    @Autowired
    TokenIssuer tokens;

    @Test
    void prometheus_needs_the_scrape_token() {
        ApiClient management = new ApiClient(managementPort, tokens);
        HttpResponse<String> anonymous = management.get("/actuator/prometheus", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(anonymous.body()).doesNotContain("# HELP");
        assertThat(management.get("/actuator/prometheus", SCRAPE_TOKEN + "x").statusCode())
                .isEqualTo(401);
        assertThat(management
                        .get("/actuator/prometheus", management.adminToken())
                        .statusCode())
                .isEqualTo(401);

        HttpResponse<String> scrape = management.get("/actuator/prometheus", SCRAPE_TOKEN);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("application=\"ledgerline\"");
    }

    @Test
    void the_scrape_token_opens_nothing_but_prometheus() {
        ApiClient management = new ApiClient(managementPort, tokens);
        assertThat(management.get("/actuator/metrics", SCRAPE_TOKEN).statusCode())
                .isEqualTo(401);
        assertThat(management.get("/actuator/health", SCRAPE_TOKEN).statusCode())
                .isEqualTo(401);
        assertThat(new ApiClient(managementPort, tokens)
                        .get("/actuator/health", null)
                        .body())
                .doesNotContain("components");
    }
}
