package org.ledgerline.platform.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.ledgerline.platform.web.PlatformApiTest;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** The audit log of admin actions and its endpoint. */
@LedgerlineIntegrationTest(
        kafka = true,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "ledgerline.replication.topic-prefix=audit")
class AuditIT extends PlatformApiTest {

    @Test
    void a_role_grant_is_audited_with_who_did_it_and_a_failed_one_is_not() {
        UUID adminId = UUID.randomUUID();
        String admin = api.tokenFor(adminId, "CUSTOMER", "ADMIN");
        String userId = field(
                api.post(
                                "/api/v1/users",
                                null,
                                "{\"email\": \"role-" + UUID.randomUUID()
                                        + "@example.com\", \"name\": \"Rolf\", \"password\": \"long-enough-1\"}")
                        .body(),
                "userId");

        assertThat(api.post("/api/v1/users/" + userId + "/roles", admin, "{\"role\": \"ADMIN\"}")
                        .statusCode())
                .isEqualTo(200);
        UUID nobody = UUID.randomUUID();
        assertThat(api.post("/api/v1/users/" + nobody + "/roles", admin, "{\"role\": \"ADMIN\"}")
                        .statusCode())
                .isEqualTo(404);

        HttpResponse<String> audit = api.get("/api/v1/admin/audit?action=user.role.grant&actor=" + adminId, admin);
        assertThat(audit.statusCode()).isEqualTo(200);
        assertThat(audit.body())
                .contains("\"actor\":\"" + adminId + "\"")
                .contains("\"target\":\"" + userId + "\"")
                .contains("\"detail\":\"role=ADMIN\"")
                .contains("\"at\":\"");
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM admin_audit WHERE target = ?", Integer.class, nobody.toString()))
                .isZero();
    }

    @Test
    void a_replay_is_audited_and_the_log_pages_newest_first() {
        UUID adminId = UUID.randomUUID();
        String admin = api.tokenFor(adminId, "CUSTOMER", "ADMIN");
        assertThat(api.post("/api/v1/admin/processors/read-models/replay", admin, null)
                        .statusCode())
                .isEqualTo(202);
        // A processor takes one pending replay at a time: the second waits until the nodes have taken the first.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !api.get("/api/v1/admin/processors/read-models", admin)
                        .body()
                        .contains("\"PENDING\""));
        assertThat(api.post("/api/v1/admin/processors/read-models/replay?fromPosition=0", admin, null)
                        .statusCode())
                .isEqualTo(202);

        HttpResponse<String> first =
                api.get("/api/v1/admin/audit?action=processor.replay&limit=1&actor=" + adminId, admin);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("fromPosition=0");
        String cursor = field(first.body(), "nextCursor");
        HttpResponse<String> second = api.get(
                "/api/v1/admin/audit?action=processor.replay&limit=1&actor=" + adminId + "&cursor=" + cursor, admin);
        assertThat(second.body())
                .contains("\"target\":\"read-models\"")
                .doesNotContain("fromPosition=0")
                .contains("\"nextCursor\":null");
        assertThat(api.get("/api/v1/admin/audit?since=2999-01-01T00:00:00Z", admin)
                        .body())
                .contains("\"items\":[]");
    }

    @Test
    void the_audit_endpoint_refuses_bad_parameters_with_400_and_non_admins_with_403() {
        for (String query : new String[] {"since=yesterday", "limit=0", "limit=1000", "cursor=not-a-cursor"}) {
            HttpResponse<String> response = api.get("/api/v1/admin/audit?" + query, admin);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        }
        assertThat(api.get("/api/v1/admin/audit", api.tokenFor(UUID.randomUUID(), "CUSTOMER"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/admin/audit", null).statusCode()).isEqualTo(401);
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(matcher.find()).as(name + " in " + json).isTrue();
        return matcher.group(1);
    }
}
