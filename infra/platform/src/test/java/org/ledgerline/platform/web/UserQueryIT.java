package org.ledgerline.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** A user reads their profile, account and order summary right after changing them; nobody else can. */
@LedgerlineIntegrationTest(
        kafka = true,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "ledgerline.admin.email=")
class UserQueryIT extends PlatformApiTest {

    @Test
    void a_user_reads_their_profile_account_and_summary_and_another_customer_gets_404() {
        HttpResponse<String> signUp = api.post(
                "/api/v1/users",
                null,
                "{\"email\": \"Reader@Example.com\", \"name\": \"Reader\", " + "\"password\": \"reader-password\"}");
        String userId = CommandApiFlowIT.field(signUp.body(), "userId");
        String token = CommandApiFlowIT.field(
                api.post(
                                "/api/v1/auth/token",
                                null,
                                "{\"email\": \"reader@example.com\", \"password\": \"reader-password\"}")
                        .body(),
                "accessToken");

        HttpResponse<String> user = api.get(
                "/api/v1/users/" + userId,
                token,
                Map.of(
                        "X-Ledgerline-Min-Position",
                        signUp.headers().firstValue("X-Ledgerline-Position").orElseThrow()));
        assertThat(user.statusCode()).isEqualTo(200);
        assertThat(user.body())
                .contains("\"email\":\"reader@example.com\"")
                .contains("\"name\":\"Reader\"")
                .contains("\"roles\":[\"CUSTOMER\"]")
                .doesNotContain("password")
                .doesNotContain("$2");

        HttpResponse<String> deposit = api.post(
                "/api/v1/accounts/" + userId + "/deposits",
                token,
                "{\"amount\": {\"amount\": \"25.50\", \"currency\": \"EUR\"}}");
        HttpResponse<String> account = api.get(
                "/api/v1/accounts/" + userId,
                token,
                Map.of(
                        "X-Ledgerline-Min-Position",
                        deposit.headers().firstValue("X-Ledgerline-Position").orElseThrow()));
        assertThat(account.statusCode()).isEqualTo(200);
        assertThat(account.body())
                .contains("\"balance\":{\"amount\":\"25.50\",\"currency\":\"EUR\"}")
                .contains("\"reserved\":{\"amount\":\"0.00\",\"currency\":\"EUR\"}");

        HttpResponse<String> summary = api.get("/api/v1/users/" + userId + "/order-summary", token);
        assertThat(summary.statusCode()).isEqualTo(200);
        assertThat(summary.body()).contains("\"orderCount\":0");

        String stranger = api.tokenFor(UUID.randomUUID(), "CUSTOMER");
        assertThat(api.get("/api/v1/users/" + userId, stranger).statusCode()).isEqualTo(404);
        assertThat(api.get("/api/v1/accounts/" + userId, stranger).statusCode()).isEqualTo(404);
        assertThat(api.get("/api/v1/users/" + userId, api.adminToken()).statusCode())
                .isEqualTo(200);
    }
}
