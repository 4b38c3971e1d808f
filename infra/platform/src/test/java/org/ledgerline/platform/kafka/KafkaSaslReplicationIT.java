package org.ledgerline.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.ledgerline.embedded.EmbeddedKafkaServer;
import org.ledgerline.http.TokenIssuer;
import org.ledgerline.platform.LedgerlinePlatform;
import org.ledgerline.platform.web.ApiClient;
import org.ledgerline.replication.kafka.KafkaFailures;
import org.ledgerline.testsupport.TestInfrastructure;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The platform against a SASL-only broker (the embedded broker's SASL_PLAINTEXT listener, PLAIN users): with the
 * right credentials every event reaches Kafka; with a wrong password the platform still takes commands, publishes
 * nothing, and health and the replication status say that Kafka refused its credentials.
 */
@ExtendWith(OutputCaptureExtension.class)
class KafkaSaslReplicationIT {

    private static final String USER = "ledgerline";
    private static final String PASSWORD = "right-horse-battery";
    private static EmbeddedKafkaServer kafka;

    @BeforeAll
    static void startSaslBroker() {
        kafka = EmbeddedKafkaServer.startWithSasl(null, 0, Map.of(USER, PASSWORD));
    }

    @AfterAll
    static void stopSaslBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void with_the_right_credentials_every_event_of_the_store_reaches_the_sasl_only_broker(@TempDir Path secrets)
            throws Exception {
        // The JAAS config (with the password) comes from a properties file, as a mounted Kubernetes secret would.
        Path clientProperties = secrets.resolve("kafka-client.properties");
        Files.writeString(
                clientProperties,
                "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule" + " required username=\""
                        + USER + "\" password=\"" + PASSWORD + "\";\n");
        try (ConfigurableApplicationContext platform = start(
                "sasl_right",
                "saslright",
                "--ledgerline.kafka.properties.security.protocol=SASL_PLAINTEXT",
                "--ledgerline.kafka.properties.sasl.mechanism=PLAIN",
                "--ledgerline.kafka.properties-file=" + clientProperties)) {
            ApiClient api = api(platform);
            String admin = api.adminToken();
            for (int i = 0; i < 3; i++) {
                assertThat(createProduct(api, admin, "SASL-OK-" + i).statusCode())
                        .isEqualTo(201);
            }
            JdbcTemplate jdbc = platform.getBean(JdbcTemplate.class);
            Set<String> stored =
                    new HashSet<>(jdbc.queryForList("SELECT eventidentifier FROM domainevententry", String.class));
            assertThat(stored).hasSizeGreaterThanOrEqualTo(3);

            Set<String> replicated = new HashSet<>();
            try (KafkaConsumer<String, byte[]> consumer =
                    consumer(EmbeddedKafkaServer.plainClientProperties(USER, PASSWORD))) {
                await().atMost(Duration.ofSeconds(90)).until(() -> {
                    List<TopicPartition> partitions = partitions(consumer, "saslright.");
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                    while (System.nanoTime() < deadline && !replicated.containsAll(stored)) {
                        consumer.poll(Duration.ofMillis(200))
                                .forEach(r -> replicated.add(header(r.headers().lastHeader("ce_id"))));
                    }
                    return replicated.containsAll(stored);
                });
            }
            assertThat(replicated).containsAll(stored);
            assertThat(health(platform, "kafka").getStatus().getCode()).isEqualTo("UP");
            assertThat(health(platform, "kafka").getDetails())
                    .containsEntry("securityProtocol", "SASL_PLAINTEXT")
                    .doesNotContainValue(kafka.bootstrapServers());
        }
    }

    @Test
    void with_a_wrong_password_commands_are_taken_nothing_is_published_and_health_and_status_say_why() {
        try (ConfigurableApplicationContext platform = start(
                "sasl_wrong",
                "saslwrong",
                "--ledgerline.kafka.properties.security.protocol=SASL_PLAINTEXT",
                "--ledgerline.kafka.properties.sasl.mechanism=PLAIN",
                "--ledgerline.kafka.properties.sasl.jaas.config=org.apache.kafka.common.security.plain."
                        + "PlainLoginModule required username=\"" + USER + "\" password=\"not-the-password\";")) {
            ApiClient api = api(platform);
            String admin = api.adminToken();
            for (int i = 0; i < 3; i++) {
                assertThat(createProduct(api, admin, "SASL-NO-" + i).statusCode())
                        .isBetween(200, 299);
            }

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Health kafkaHealth = health(platform, "kafka");
                assertThat(kafkaHealth.getStatus().getCode()).isEqualTo("DEGRADED");
                assertThat(kafkaHealth.getDetails())
                        .containsEntry("error", KafkaFailures.AUTHENTICATION_MESSAGE)
                        .containsEntry("reason", "authentication");
            });
            assertThat(health(platform, "kafka").getDetails().toString())
                    .startsWith("{")
                    .contains("Kafka refused the platform's credentials (SASL authentication failed): "
                            + "check ledgerline.kafka.properties")
                    .doesNotContain(kafka.bootstrapServers())
                    .doesNotContain("not-the-password");

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                var replication = api.get("/api/v1/admin/replication", admin);
                assertThat(replication.statusCode()).isEqualTo(200);
                assertThat(replication.body())
                        .contains("\"lastError\":\"" + KafkaFailures.AUTHENTICATION_MESSAGE + "\"")
                        .contains("\"lastErrorReason\":\"authentication\"");
                Health replicationHealth = health(platform, "replication");
                assertThat(replicationHealth.getStatus().getCode()).isEqualTo("DEGRADED");
                assertThat(replicationHealth.getDetails())
                        .containsEntry("lastError", KafkaFailures.AUTHENTICATION_MESSAGE);
            });
            // Still taking commands while Kafka refuses it: Kafka is a replica.
            assertThat(createProduct(api, admin, "SASL-NO-LATE").statusCode()).isEqualTo(201);

            try (Admin brokerAdmin = admin(kafka.adminClientProperties())) {
                Set<String> topics = brokerAdmin.listTopics().names().get();
                assertThat(topics).noneMatch(topic -> topic.startsWith("saslwrong."));
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void the_broker_refuses_an_unauthenticated_plain_text_client() {
        try (Admin plain = admin(Map.of())) {
            assertThatThrownBy(() -> plain.describeCluster(new DescribeClusterOptions().timeoutMs(3_000))
                            .clusterId()
                            .get())
                    .isInstanceOf(ExecutionException.class);
        }
        try (Admin authenticated = admin(EmbeddedKafkaServer.plainClientProperties(USER, PASSWORD))) {
            assertThat(authenticated
                            .describeCluster(new DescribeClusterOptions().timeoutMs(10_000))
                            .clusterId())
                    .succeedsWithin(Duration.ofSeconds(15));
        }
    }

    @Test
    void over_sasl_ssl_the_platform_trusting_the_brokers_certificate_replicates_and_one_that_does_not_says_tls(
            @TempDir Path directory) throws Exception {
        EmbeddedKafkaServer.Tls tls = EmbeddedKafkaServer.Tls.selfSigned(directory.resolve("tls"));
        try (EmbeddedKafkaServer tlsKafka =
                EmbeddedKafkaServer.startWithSasl(directory.resolve("logs"), 0, Map.of(USER, PASSWORD), tls)) {
            String jaas = "--ledgerline.kafka.properties.sasl.jaas.config=org.apache.kafka.common.security.plain."
                    + "PlainLoginModule required username=\"" + USER + "\" password=\"" + PASSWORD + "\";";
            try (ConfigurableApplicationContext platform = startOn(
                    tlsKafka.bootstrapServers(),
                    "sasl_ssl",
                    "saslssl",
                    "--ledgerline.kafka.properties.security.protocol=SASL_SSL",
                    "--ledgerline.kafka.properties.sasl.mechanism=PLAIN",
                    jaas,
                    "--ledgerline.kafka.properties.ssl.truststore.type=PEM",
                    "--ledgerline.kafka.properties.ssl.truststore.location=" + tls.trustedPem())) {
                ApiClient api = api(platform);
                assertThat(createProduct(api, api.adminToken(), "TLS-OK").statusCode())
                        .isEqualTo(201);
                Set<String> stored = new HashSet<>(platform.getBean(JdbcTemplate.class)
                        .queryForList("SELECT eventidentifier FROM domainevententry", String.class));
                Map<String, String> client = new HashMap<>(tlsKafka.adminClientProperties());
                Set<String> replicated = new HashSet<>();
                try (KafkaConsumer<String, byte[]> consumer = consumer(tlsKafka, client)) {
                    await().atMost(Duration.ofSeconds(90)).until(() -> {
                        List<TopicPartition> partitions = partitions(consumer, "saslssl.");
                        consumer.assign(partitions);
                        consumer.seekToBeginning(partitions);
                        consumer.poll(Duration.ofSeconds(1))
                                .forEach(r -> replicated.add(header(r.headers().lastHeader("ce_id"))));
                        return replicated.containsAll(stored);
                    });
                }
                assertThat(health(platform, "kafka").getStatus().getCode()).isEqualTo("UP");
            }
            // Without the trust store the JVM's default trust does not know the broker's certificate.
            try (ConfigurableApplicationContext platform = startOn(
                    tlsKafka.bootstrapServers(),
                    "sasl_ssl_untrusted",
                    "saslsslno",
                    "--ledgerline.kafka.properties.security.protocol=SASL_SSL",
                    "--ledgerline.kafka.properties.sasl.mechanism=PLAIN",
                    jaas)) {
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(
                                () -> assertThat(health(platform, "kafka").getDetails())
                                        .containsEntry("error", KafkaFailures.TLS_MESSAGE)
                                        .containsEntry("reason", "tls"));
            }
        }
    }

    @Test
    void a_reserved_key_stops_the_start_with_one_sentence_naming_it(CapturedOutput output) {
        assertThatThrownBy(() -> start(
                        "sasl_reserved", "saslreserved", "--ledgerline.kafka.properties.enable.idempotence=false"))
                .isNotNull();
        assertThat(output.getOut())
                .contains("APPLICATION FAILED TO START")
                .contains("Kafka client property enable.idempotence is set by the platform")
                .contains("LEDGERLINE_KAFKA_PROPERTIES_FILE");
    }

    private static ConfigurableApplicationContext start(String database, String topicPrefix, String... kafkaArgs) {
        return startOn(kafka.bootstrapServers(), database, topicPrefix, kafkaArgs);
    }

    private static ConfigurableApplicationContext startOn(
            String bootstrapServers, String database, String topicPrefix, String... kafkaArgs) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + TestInfrastructure.newDatabase(database),
                "--spring.datasource.username=" + TestInfrastructure.postgres().username(),
                "--spring.datasource.password=" + TestInfrastructure.postgres().password(),
                "--ledgerline.embedded.enabled=false",
                "--ledgerline.kafka.bootstrap-servers=" + bootstrapServers,
                "--ledgerline.kafka.health-cache=0s",
                "--ledgerline.replication.topic-prefix=" + topicPrefix,
                "--ledgerline.replication.partitions=1",
                "--server.port=0",
                "--axon.update-check.disabled=true"));
        args.addAll(List.of(kafkaArgs));
        return new SpringApplicationBuilder(LedgerlinePlatform.class).run(args.toArray(String[]::new));
    }

    private static ApiClient api(ConfigurableApplicationContext platform) {
        int port = ((WebServerApplicationContext) platform).getWebServer().getPort();
        return new ApiClient(port, platform.getBean(TokenIssuer.class));
    }

    private static java.net.http.HttpResponse<String> createProduct(ApiClient api, String token, String sku) {
        return api.post(
                "/api/v1/products",
                token,
                "{\"sku\": \"" + sku + "\", \"name\": \"Kettle\", "
                        + "\"initialStock\": 5, \"price\": {\"amount\": \"9.00\", \"currency\": \"EUR\"}}");
    }

    private static Health health(ConfigurableApplicationContext platform, String name) {
        return platform.getBean(name, HealthIndicator.class).health();
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String prefix) {
        return consumer.listTopics(Duration.ofSeconds(10)).entrySet().stream()
                .filter(topic -> topic.getKey().startsWith(prefix))
                .flatMap(topic -> topic.getValue().stream())
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
    }

    private static String header(Header header) {
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static KafkaConsumer<String, byte[]> consumer(Map<String, String> security) {
        return consumer(kafka, security);
    }

    private static KafkaConsumer<String, byte[]> consumer(EmbeddedKafkaServer broker, Map<String, String> security) {
        Map<String, Object> config = new HashMap<>(security);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static Admin admin(Map<String, String> security) {
        Map<String, Object> config = new HashMap<>(security);
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("request.timeout.ms", 3_000);
        config.put("default.api.timeout.ms", 10_000);
        return Admin.create(config);
    }
}
