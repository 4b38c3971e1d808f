package org.ledgerline.replication.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * How Kafka client properties reach the platform from the environment (as Spring Boot binds environment variables to
 * {@code ledgerline.kafka.properties}), from a properties file, and that the platform's own settings cannot be
 * overridden.
 */
class KafkaClientPropertiesTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"ledgerline\" password=\"s3cr3t-from-env\";";

    @Test
    void environment_variables_bind_to_kafka_keys_and_reach_every_client_of_the_platform(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, """
                # like Kafka's --command-config, e.g. a mounted Kubernetes secret
                sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\
                    username="file-user" password="s3cr3t-from-file";
                sasl.mechanism=SCRAM-SHA-256
                client.id=orders-eu
                """);
        Map<String, Object> env = new HashMap<>();
        env.put("LEDGERLINE_KAFKA_BOOTSTRAP_SERVERS", "broker-1.example:9093");
        env.put("LEDGERLINE_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("LEDGERLINE_KAFKA_PROPERTIES_SASL_MECHANISM", "PLAIN");
        env.put("LEDGERLINE_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", JAAS);
        env.put("LEDGERLINE_KAFKA_PROPERTIES_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/truststore.p12");
        env.put("LEDGERLINE_KAFKA_PROPERTIES_SSL_TRUSTSTORE_PASSWORD", "s3cr3t-truststore");
        env.put("LEDGERLINE_KAFKA_PROPERTIES_FILE", file.toString());
        runner(env).run(context -> {
            assertThat(context).hasNotFailed();
            KafkaConnection connection = context.getBean(KafkaConnection.class);
            // LEDGERLINE_KAFKA_PROPERTIES_X_Y binds as x.y; the variables win over the file; 'file' is no Kafka key.
            assertThat(connection.clientProperties())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "security.protocol", "SASL_SSL",
                            "sasl.mechanism", "PLAIN",
                            "sasl.jaas.config", JAAS,
                            "ssl.truststore.location", "/etc/kafka/truststore.p12",
                            "ssl.truststore.password", "s3cr3t-truststore",
                            "client.id", "orders-eu"));
            // The one variable the map cannot tell apart: LEDGERLINE_KAFKA_PROPERTIES_FILE is also map key 'file'.
            assertThat(context.getBean(KafkaClientProperties.class).properties())
                    .containsKey("file");
            assertThat(context.getBean(KafkaClientProperties.class).propertiesFile())
                    .isEqualTo(file.toString());
            assertThat(connection.toString())
                    .contains(
                            "broker-1.example:9093", "security.protocol=SASL_SSL",
                            "sasl.jaas.config=******", "ssl.truststore.password=******")
                    .doesNotContain("s3cr3t");

            ReplicationProperties replication = new ReplicationProperties(
                    null, null, null, null, null, null, Duration.ofSeconds(30), null, null, null);
            Map<String, Object> producer = ReplicationProducer.config(connection, replication, "replicator");
            assertThat(producer)
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.jaas.config", JAAS)
                    .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
                    .containsEntry("bootstrap.servers", "broker-1.example:9093")
                    .containsEntry("client.id", "orders-eu-replicator")
                    .containsEntry("acks", "all")
                    .containsEntry("enable.idempotence", true);
            assertThat(Topics.config(connection))
                    .containsEntry("sasl.jaas.config", JAAS)
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("client.id", "orders-eu-topics");
        });
    }

    @Test
    void the_properties_file_alone_is_enough_as_the_dotted_form_is(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SSL\nssl.keystore.location=/etc/kafka/client.p12\n");
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KafkaConnectionAutoConfiguration.class))
                .withPropertyValues(
                        "ledgerline.kafka.bootstrap-servers=b:9093",
                        "ledgerline.kafka.properties-file=" + file,
                        "ledgerline.kafka.properties.ssl.keystore.type=PKCS12")
                .run(context -> assertThat(
                                context.getBean(KafkaConnection.class).clientProperties())
                        .containsExactlyInAnyOrderEntriesOf(Map.of(
                                "security.protocol", "SSL",
                                "ssl.keystore.location", "/etc/kafka/client.p12",
                                "ssl.keystore.type", "PKCS12")));
    }

    @Test
    void a_reserved_key_is_refused_at_start_up_by_name_without_its_value(@TempDir Path dir) throws Exception {
        Map<String, Object> env = new HashMap<>();
        env.put("LEDGERLINE_KAFKA_BOOTSTRAP_SERVERS", "b:9092");
        env.put("LEDGERLINE_KAFKA_PROPERTIES_ACKS", "1");
        runner(env)
                .run(context -> assertThat(refusal(context.getStartupFailure()))
                        .hasMessageContaining("acks is set by the platform")
                        .hasMessageNotContaining("=1"));

        Path file = dir.resolve("client.properties");
        Files.writeString(file, "enable.idempotence=false\nkey.serializer=com.example.Evil\n");
        env.remove("LEDGERLINE_KAFKA_PROPERTIES_ACKS");
        env.put("LEDGERLINE_KAFKA_PROPERTIES_FILE", file.toString());
        runner(env)
                .run(context -> assertThat(refusal(context.getStartupFailure()))
                        .hasMessageContaining("enable.idempotence, key.serializer are " + "set by the platform")
                        .hasMessageNotContaining("Evil"));
    }

    @Test
    void an_unreadable_properties_file_is_refused_at_start_up_naming_the_setting(@TempDir Path dir) {
        Map<String, Object> env = new HashMap<>();
        env.put("LEDGERLINE_KAFKA_BOOTSTRAP_SERVERS", "b:9092");
        env.put(
                "LEDGERLINE_KAFKA_PROPERTIES_FILE",
                dir.resolve("missing.properties").toString());
        runner(env)
                .run(context -> assertThat(refusal(context.getStartupFailure()))
                        .hasMessageContaining("LEDGERLINE_KAFKA_PROPERTIES_FILE"));
    }

    @Test
    void every_value_that_may_hold_a_secret_is_masked() {
        assertThat(KafkaConnection.isSecret("sasl.jaas.config")).isTrue();
        assertThat(KafkaConnection.isSecret("ssl.keystore.password")).isTrue();
        assertThat(KafkaConnection.isSecret("ssl.key.password")).isTrue();
        assertThat(KafkaConnection.isSecret("ssl.keystore.key")).isTrue();
        assertThat(KafkaConnection.isSecret("sasl.oauthbearer.client.credentials.client.secret"))
                .isTrue();
        assertThat(KafkaConnection.isSecret("security.protocol")).isFalse();
        assertThat(KafkaConnection.isSecret("ssl.truststore.location")).isFalse();
    }

    /** The start-up failure's KafkaPropertiesException (the bean creation wraps it). */
    private static KafkaPropertiesException refusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof KafkaPropertiesException refused) {
                return refused;
            }
        }
        throw new AssertionError("The start did not fail with a KafkaPropertiesException", failure);
    }

    /** A context whose environment variables are {@code env}, bound exactly as Spring Boot binds the real ones. */
    private static ApplicationContextRunner runner(Map<String, Object> env) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KafkaConnectionAutoConfiguration.class))
                .withInitializer(context -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource(
                                "test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env)));
    }
}
