package org.ledgerline.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.ledgerline.eventstore.http.TokenIssuer;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

@LedgerlineIntegrationTest(kafka = true, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "ledgerline.rate-limit.commands-per-second=2")
class RateLimitIT {

    @LocalServerPort
    int port;
    @Autowired
    TokenIssuer tokens;

    @Test
    void a_caller_over_the_limit_gets_429_with_retry_after_and_others_are_unaffected() {
        ApiClient api = new ApiClient(port, tokens);
        String greedy = api.adminToken();
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            responses.add(api.post("/api/v1/products/" + UUID.randomUUID() + "/price", greedy,
                                   "{\"price\": {\"amount\": 1, \"currency\": \"EUR\"}}"));
        }
        List<HttpResponse<String>> limited = responses.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(limited).isNotEmpty();
        assertThat(limited.getFirst().headers().firstValue("Retry-After")).hasValue("1");
        assertThat(limited.getFirst().body()).contains("Too many requests");

        HttpResponse<String> someoneElse = api.post("/api/v1/products/" + UUID.randomUUID() + "/price",
                                                    api.adminToken(),
                                                    "{\"price\": {\"amount\": 1, \"currency\": \"EUR\"}}");
        assertThat(someoneElse.statusCode()).isEqualTo(404);
    }
}
