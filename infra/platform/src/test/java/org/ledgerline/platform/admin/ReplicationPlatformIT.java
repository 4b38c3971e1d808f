package org.ledgerline.platform.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.ledgerline.http.TokenIssuer;
import org.ledgerline.kernel.Money;
import org.ledgerline.platform.contract.ReplicatedRecords;
import org.ledgerline.product.api.CreateProduct;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.product.api.RenameProduct;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.web.client.RestClient;

/** Commands on the assembled platform reach their context's topic; replication shows in health and metrics. */
@LedgerlineIntegrationTest(
        kafka = true,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "ledgerline.replication.topic-prefix=platform")
class ReplicationPlatformIT {

    @LocalManagementPort
    int managementPort;

    @Autowired
    CommandGateway commands;

    @Autowired
    TokenIssuer tokens;

    @Test
    void a_products_events_reach_the_product_topic_in_order_and_replication_is_healthy_and_measured() {
        ProductId id = new ProductId(UUID.randomUUID());
        commands.sendAndWait(new CreateProduct(id, "SKU-" + id, "Teapot", Money.of("20.00", "EUR"), 10));
        commands.sendAndWait(new RenameProduct(id, "Kettle", null));

        List<ConsumerRecord<String, byte[]>> mine =
                ReplicatedRecords.ofKey("platform.product.events", id.toString(), 2);
        assertThat(mine)
                .extracting(r -> ReplicatedRecords.header(r, "ce_type"))
                .containsExactly("product.ProductCreated", "product.ProductRenamed");
        assertThat(mine)
                .extracting(r -> ReplicatedRecords.header(r, "ledgerline_sequence"))
                .containsExactly("0", "1");
        assertThat(new String(mine.getFirst().value(), StandardCharsets.UTF_8)).contains("Teapot");

        String admin = tokens.issue(UUID.randomUUID(), Set.of("ADMIN")).accessToken();
        String health = management()
                .get()
                .uri("/actuator/health")
                .header("Authorization", "Bearer " + admin)
                .retrieve()
                .body(String.class);
        assertThat(health).contains("\"replication\":{").contains("\"lagEvents\":");
        String metrics =
                management().get().uri("/actuator/prometheus").retrieve().body(String.class);
        assertThat(metrics)
                .contains("ledgerline_replication_records_total")
                .contains("ledgerline_replication_errors_total")
                .contains("ledgerline_replication_lag_events")
                .contains("ledgerline_replication_lag_seconds")
                .contains("ledgerline_replication_batch_seconds_count");
    }

    private RestClient management() {
        return RestClient.create("http://127.0.0.1:" + managementPort);
    }
}
