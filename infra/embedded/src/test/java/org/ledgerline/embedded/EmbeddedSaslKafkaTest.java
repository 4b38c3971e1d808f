package org.ledgerline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SASL listener of the embedded broker really authenticates: PLAIN and SCRAM users in, everyone else out. */
class EmbeddedSaslKafkaTest {

    @Test
    void plain_and_scram_users_are_let_in_and_a_wrong_password_or_a_plain_text_client_is_refused(
            @TempDir Path directory) throws Exception {
        try (var kafka = EmbeddedKafkaServer.startWithSasl(directory, 0, Map.of("alice", "alice-secret"))) {
            assertThat(kafka.sasl()).isTrue();
            try (Admin admin = admin(kafka, EmbeddedKafkaServer.plainClientProperties("alice", "alice-secret"))) {
                admin.createTopics(List.of(new NewTopic("sasl-probe", 1, (short) 1)))
                        .all()
                        .get();
            }
            Map<String, Object> producer =
                    config(kafka, EmbeddedKafkaServer.scramClientProperties("alice", "alice-secret"));
            try (var scram = new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer())) {
                assertThat(scram.send(new ProducerRecord<>("sasl-probe", "k", "v"))
                                .get()
                                .offset())
                        .isZero();
            }
            try (Admin wrong = admin(kafka, EmbeddedKafkaServer.plainClientProperties("alice", "wrong"))) {
                assertThatThrownBy(() -> wrong.describeCluster(new DescribeClusterOptions().timeoutMs(10_000))
                                .clusterId()
                                .get())
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(SaslAuthenticationException.class);
            }
            try (Admin plain = admin(kafka, Map.of())) {
                // A plain-text client never completes a request against the SASL-only listener.
                assertThatThrownBy(() -> plain.describeCluster(new DescribeClusterOptions().timeoutMs(3_000))
                                .clusterId()
                                .get())
                        .isInstanceOf(ExecutionException.class);
            }
        }
    }

    @Test
    void over_tls_a_client_trusting_the_brokers_certificate_is_let_in_and_one_that_does_not_is_refused(
            @TempDir Path directory) throws Exception {
        EmbeddedKafkaServer.Tls tls = EmbeddedKafkaServer.Tls.selfSigned(directory.resolve("tls"));
        try (var kafka =
                EmbeddedKafkaServer.startWithSasl(directory.resolve("logs"), 0, Map.of("alice", "alice-secret"), tls)) {
            Map<String, String> trusting =
                    new HashMap<>(EmbeddedKafkaServer.plainClientProperties("alice", "alice-secret"));
            trusting.put("security.protocol", "SASL_SSL");
            trusting.put("ssl.truststore.type", "PEM");
            trusting.put("ssl.truststore.location", tls.trustedPem().toString());
            try (Admin admin = admin(kafka, trusting)) {
                assertThat(admin.describeCluster(new DescribeClusterOptions().timeoutMs(10_000))
                                .clusterId())
                        .succeedsWithin(Duration.ofSeconds(15));
            }
            Map<String, String> notTrusting = new HashMap<>(trusting);
            notTrusting.remove("ssl.truststore.type");
            notTrusting.remove("ssl.truststore.location");
            try (Admin admin = admin(kafka, notTrusting)) {
                assertThatThrownBy(() -> admin.describeCluster(new DescribeClusterOptions().timeoutMs(10_000))
                                .clusterId()
                                .get())
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(SslAuthenticationException.class);
            }
        }
    }

    private static Admin admin(EmbeddedKafkaServer kafka, Map<String, String> client) {
        Map<String, Object> config = config(kafka, client);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        return Admin.create(config);
    }

    private static Map<String, Object> config(EmbeddedKafkaServer kafka, Map<String, String> client) {
        Map<String, Object> config = new HashMap<>(client);
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("max.block.ms", (int) Duration.ofSeconds(20).toMillis());
        return config;
    }
}
