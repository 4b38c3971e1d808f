package org.ledgerline.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ledgerline.embedded.EmbeddedKafkaServer;
import org.ledgerline.embedded.EmbeddedPostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One real PostgreSQL server and one real Kafka broker per test JVM, each chosen in this order:
 * <ol>
 *     <li>the server named by the environment ({@code LEDGERLINE_TEST_DB_URL} [+ {@code LEDGERLINE_TEST_DB_USER},
 *     {@code LEDGERLINE_TEST_DB_PASSWORD}], {@code LEDGERLINE_TEST_KAFKA});</li>
 *     <li>Testcontainers, when a Docker engine answers;</li>
 *     <li>embedded: PostgreSQL binaries and a KRaft Kafka broker from Maven Central, in this JVM.</li>
 * </ol>
 * Every test class asks for a database of its own ({@link #newDatabase(String)}), so tests never see each other's
 * rows and run in any order.
 */
public final class TestInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static final java.util.List<String> CREATED = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static volatile PostgresEndpoint postgres;
    private static volatile String kafkaBootstrapServers;

    private TestInfrastructure() {}

    /** The PostgreSQL server of this JVM, started on first use. */
    public static PostgresEndpoint postgres() {
        if (postgres == null) {
            synchronized (TestInfrastructure.class) {
                if (postgres == null) {
                    postgres = startPostgres();
                }
            }
        }
        return postgres;
    }

    /** The Kafka bootstrap servers of this JVM's broker, started on first use. */
    public static String kafkaBootstrapServers() {
        if (kafkaBootstrapServers == null) {
            synchronized (TestInfrastructure.class) {
                if (kafkaBootstrapServers == null) {
                    kafkaBootstrapServers = startKafka();
                }
            }
        }
        return kafkaBootstrapServers;
    }

    /**
     * A consumer of this JVM's broker that reads records as the replicator writes them (string keys, byte payloads)
     * and commits nothing: assign and seek it yourself; close it.
     */
    public static KafkaConsumer<String, byte[]> kafkaConsumer() {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafkaBootstrapServers(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    /** Creates an empty database named after {@code owner} and returns its JDBC URL. */
    public static String newDatabase(String owner) {
        PostgresEndpoint server = postgres();
        String name = ("t" + DATABASES.incrementAndGet() + "_" + owner.toLowerCase(Locale.ROOT))
                .replaceAll("[^a-z0-9_]", "_");
        name = name.substring(0, Math.min(name.length(), 60));
        try (Connection connection = DriverManager.getConnection(
                        server.jdbcUrl(server.adminDatabase()), server.username(), server.password());
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
            CREATED.add(name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name + " on " + server.describe(), e);
        }
        return server.jdbcUrl(name);
    }

    private static PostgresEndpoint startPostgres() {
        String url = System.getenv("LEDGERLINE_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            PostgresEndpoint endpoint = PostgresEndpoint.fromUrl(
                    url, env("LEDGERLINE_TEST_DB_USER", "postgres"), env("LEDGERLINE_TEST_DB_PASSWORD", ""));
            log.info("Tests use the PostgreSQL server named by LEDGERLINE_TEST_DB_URL: {}", endpoint.describe());
            // Someone else's server: leave it as we found it.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> dropCreated(endpoint), "test-databases-drop"));
            return endpoint;
        }
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
            container.start();
            log.info("Tests use a Testcontainers PostgreSQL at {}", container.getJdbcUrl());
            return PostgresEndpoint.fromUrl(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(null, 0);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-postgres-stop"));
        log.info("Tests use an embedded PostgreSQL on port {}", server.port());
        return new PostgresEndpoint("127.0.0.1", server.port(), "postgres", server.username(), server.password());
    }

    private static void dropCreated(PostgresEndpoint server) {
        try (Connection connection = DriverManager.getConnection(
                        server.jdbcUrl(server.adminDatabase()), server.username(), server.password());
                Statement statement = connection.createStatement()) {
            for (String name : CREATED) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            log.warn("Could not drop the test databases {}: {}", CREATED, e.getMessage());
        }
    }

    private static String startKafka() {
        String bootstrap = System.getenv("LEDGERLINE_TEST_KAFKA");
        if (bootstrap != null && !bootstrap.isBlank()) {
            log.info("Tests use the Kafka broker named by LEDGERLINE_TEST_KAFKA: {}", bootstrap);
            return bootstrap;
        }
        if (dockerAvailable()) {
            KafkaContainer container = new KafkaContainer("apache/kafka-native:4.1.0");
            container.start();
            log.info("Tests use a Testcontainers Kafka at {}", container.getBootstrapServers());
            return container.getBootstrapServers();
        }
        EmbeddedKafkaServer server = EmbeddedKafkaServer.start(null, 0);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-kafka-stop"));
        log.info("Tests use an embedded Kafka broker at {}", server.bootstrapServers());
        return server.bootstrapServers();
    }

    private static boolean dockerAvailable() {
        if ("false".equalsIgnoreCase(System.getenv("LEDGERLINE_TEST_DOCKER"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
