package org.ledgerline.platform.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.ledgerline.platform.web.PlatformApiTest;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** The operators' admin API for replication and dead letters. */
@LedgerlineIntegrationTest(
        kafka = true,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "ledgerline.replication.topic-prefix=admin")
class AdminApiIT extends PlatformApiTest {

    @Test
    void an_unknown_processor_is_a_404_problem_that_names_the_valid_ones() {
        for (HttpResponse<String> response : List.of(
                api.get("/api/v1/admin/dead-letters?processor=nope", admin),
                api.post("/api/v1/admin/dead-letters/nope/retry", admin, null))) {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body())
                    .contains("\"status\":404")
                    .contains("nope")
                    .contains("kafka-replicator");
        }
    }

    @Test
    void the_event_view_shows_a_stored_payload_byte_for_byte() {
        String stored = "{\"amount\":1e+26,\"tiny\":0.10000000000000000000001,"
                + "\"big\":123456789012345678901234567890, \"list\":[ 1.50 ,2E-3],\"text\":\"a\\u0000b\"}";
        String notJson = "{\"ratio\":Infinity}";
        String aggregate = UUID.randomUUID().toString();
        for (String payload : List.of(stored, notJson)) {
            jdbc.update(
                    "INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, "
                            + "payload, payloadtype, timestamp) VALUES (?, ?, 'Probe', ?, ?, "
                            + "'org.ledgerline.test.StoredAsIs', '2026-11-24T00:00:00.000Z')",
                    aggregate,
                    payload.equals(stored) ? 0 : 1,
                    UUID.randomUUID().toString(),
                    payload.getBytes(StandardCharsets.UTF_8));
        }

        HttpResponse<String> response = api.get("/api/v1/admin/events?aggregateId=" + aggregate, admin);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"payload\":" + stored + "}")
                .contains("\"payload\":\"{\\\"ratio\\\":Infinity}\"");
    }

    @Test
    void admin_endpoints_are_for_admins_only() {
        String customer = api.tokenFor(UUID.randomUUID(), "CUSTOMER");
        assertThat(api.get("/api/v1/admin/replication", customer).statusCode()).isEqualTo(403);
        assertThat(api.get("/api/v1/admin/replication", null).statusCode()).isEqualTo(401);
    }

    @Test
    void a_poison_event_is_listed_and_after_a_fix_a_retry_replicates_it() {
        String eventId = UUID.randomUUID().toString();
        String aggregate = UUID.randomUUID().toString();
        jdbc.update(
                "INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, "
                        + "metadata, payload, payloadtype, timestamp) VALUES (?, 0, 'Product', ?, ?, ?, ?, "
                        + "'2026-11-24T00:00:00.000Z')",
                aggregate,
                eventId,
                "{}".getBytes(StandardCharsets.UTF_8),
                "{broken".getBytes(StandardCharsets.UTF_8),
                "org.ledgerline.product.api.ProductRenamed");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            HttpResponse<String> letters = api.get("/api/v1/admin/dead-letters?processor=kafka-replicator", admin);
            assertThat(letters.statusCode()).isEqualTo(200);
            assertThat(letters.body())
                    .contains(eventId)
                    .contains(aggregate)
                    .contains("\"cause\":")
                    // stored under its former (class) name, listed under its published one
                    .contains("\"type\":\"product.ProductRenamed\"")
                    .contains("\"enqueuedAt\":");
        });
        HttpResponse<String> stillBroken = api.post("/api/v1/admin/dead-letters/kafka-replicator/retry", admin, null);
        assertThat(stillBroken.statusCode()).isEqualTo(200);
        assertThat(stillBroken.body()).contains("\"remaining\":1");

        jdbc.update(
                "UPDATE deadletterentry SET payload = ? WHERE eventidentifier = ?",
                ("{\"productId\":{\"value\":\"" + aggregate + "\"},\"name\":\"Fixed\"}")
                        .getBytes(StandardCharsets.UTF_8),
                eventId);
        HttpResponse<String> retried = api.post("/api/v1/admin/dead-letters/kafka-replicator/retry", admin, null);
        assertThat(retried.body()).contains("\"retried\":1").contains("\"remaining\":0");

        HttpResponse<String> replication = api.get("/api/v1/admin/replication", admin);
        assertThat(replication.statusCode()).isEqualTo(200);
        assertThat(replication.body())
                .contains("\"lagEvents\":")
                .contains("\"head\":")
                .contains("\"position\":");
    }

    @Test
    void processors_are_listed_replayed_and_read_models_rebuilt_on_request() {
        HttpResponse<String> processors = api.get("/api/v1/admin/processors", admin);
        assertThat(processors.statusCode()).isEqualTo(200);
        assertThat(processors.body())
                .contains("\"name\":\"read-models\"")
                .contains("\"groups\":[\"orders\",\"products\",\"users\"]")
                .contains("\"name\":\"kafka-replicator\"")
                .doesNotContain("\"name\":\"orders\"");

        HttpResponse<String> replay = api.post("/api/v1/admin/processors/read-models/replay", admin, null);
        assertThat(replay.statusCode()).isEqualTo(202);
        // One read model shares the processor: replaying it alone is its rebuild, and the API says so.
        HttpResponse<String> alone = api.post("/api/v1/admin/processors/orders/replay", admin, null);
        assertThat(alone.statusCode()).isEqualTo(409);
        assertThat(alone.body()).contains("read-models").contains("/api/v1/admin/read-models/orders/rebuild");
        assertThat(api.post("/api/v1/admin/processors/nope/replay", admin, null).statusCode())
                .isEqualTo(404);

        HttpResponse<String> rebuild = api.post("/api/v1/admin/read-models/products/rebuild", admin, null);
        assertThat(rebuild.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(api.get("/api/v1/admin/read-models/products/rebuild", admin)
                                .body())
                        .contains("\"state\":\"DONE\""));
        assertThat(api.post("/api/v1/admin/read-models/nope/rebuild", admin, null)
                        .statusCode())
                .isEqualTo(404);
    }
}
