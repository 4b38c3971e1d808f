package org.ledgerline.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller), run in this JVM from Kafka's own
 * server classes on Maven Central. Not a fake: clients talk to it over TCP like to any broker.
 *
 * <p>By default its client listener is plain text. {@link #startWithSasl} runs it {@code SASL_PLAINTEXT}-only instead:
 * clients authenticate with {@code PLAIN} (a static user list on the listener) or {@code SCRAM-SHA-256} (the same
 * users' credentials written into the KRaft metadata when the log directory is formatted); an unauthenticated client
 * is refused. With a {@link Tls} key store the listener is {@code SASL_SSL}: the same, inside TLS.
 */
public final class EmbeddedKafkaServer implements AutoCloseable {

    private static final String CONTROLLER = "CONTROLLER";
    private static final String SASL_LISTENER = "SASL_PLAINTEXT";
    private static final String SASL_SSL_LISTENER = "SASL_SSL";
    private static final String BROKER_USER = "ledgerline-broker";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final boolean sasl;
    private final Map<String, String> brokerClientProperties;

    private EmbeddedKafkaServer(
            KafkaRaftServer server, String bootstrapServers, boolean sasl, Map<String, String> brokerClientProperties) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.sasl = sasl;
        this.brokerClientProperties = brokerClientProperties;
    }

    /**
     * Starts a broker with a plain-text client listener.
     *
     * @param logDirectory where the broker keeps its logs (kept across restarts), or {@code null} for a throw-away
     *                     one
     * @param port         the client port, or 0 for a free one
     */
    public static EmbeddedKafkaServer start(Path logDirectory, int port) {
        return start(logDirectory, port, null);
    }

    /**
     * Starts a broker whose only client listener is {@code SASL_PLAINTEXT}, accepting {@code users} (name to password)
     * with {@code PLAIN} and {@code SCRAM-SHA-256}. SCRAM credentials are written when a new log directory is
     * formatted, so a kept directory keeps the users it was formatted with.
     */
    public static EmbeddedKafkaServer startWithSasl(Path logDirectory, int port, Map<String, String> users) {
        return startWithSasl(logDirectory, port, users, null);
    }

    /**
     * The broker's TLS identity for a {@code SASL_SSL} listener.
     *
     * @param keyStore   a PKCS12 key store with the broker's key and a certificate valid for {@code 127.0.0.1}
     * @param password   the key store's (and key's) password
     * @param trustedPem the certificate(s) the broker trusts when it connects to itself, as PEM
     */
    public record Tls(Path keyStore, String password, Path trustedPem) {

        /**
         * A PKCS12 key store with a new self-signed certificate for {@code 127.0.0.1}/{@code localhost} (made by the
         * JDK's {@code keytool}) in {@code directory}, and that certificate as PEM for clients to trust.
         */
        public static Tls selfSigned(Path directory) {
            try {
                Files.createDirectories(directory);
                Path keyStore = directory.resolve("broker.p12");
                Path pem = directory.resolve("broker.pem");
                String password = UUID.randomUUID().toString();
                String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool")
                        .toString();
                keytool(
                        keytool,
                        "-genkeypair",
                        "-alias",
                        "broker",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-validity",
                        "2",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=ip:127.0.0.1,dns:localhost",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keyStore.toString(),
                        "-storepass",
                        password,
                        "-keypass",
                        password);
                keytool(
                        keytool,
                        "-exportcert",
                        "-rfc",
                        "-alias",
                        "broker",
                        "-keystore",
                        keyStore.toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass",
                        password,
                        "-file",
                        pem.toString());
                return new Tls(keyStore, password, pem);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot make a key store in " + directory, e);
            }
        }

        private static void keytool(String... command) throws IOException {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output =
                    new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    process.destroyForcibly();
                    throw new IOException("keytool " + command[1] + " failed: " + output);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while running keytool", e);
            }
        }
    }

    /** Like {@link #startWithSasl(Path, int, Map)}, the listener {@code SASL_SSL} when {@code tls} is given. */
    public static EmbeddedKafkaServer startWithSasl(Path logDirectory, int port, Map<String, String> users, Tls tls) {
        if (users == null || users.isEmpty()) {
            throw new IllegalArgumentException("A SASL broker needs at least one user");
        }
        return start(logDirectory, port, Map.copyOf(users), tls);
    }

    private static EmbeddedKafkaServer start(Path logDirectory, int port, Map<String, String> saslUsers) {
        return start(logDirectory, port, saslUsers, null);
    }

    private static EmbeddedKafkaServer start(Path logDirectory, int port, Map<String, String> saslUsers, Tls tls) {
        try {
            Path directory = logDirectory != null ? logDirectory : Files.createTempDirectory("ledgerline-kafka-");
            Files.createDirectories(directory);
            int clientPort = FreePorts.pick(port);
            int controllerPort = FreePorts.pick(0);
            String brokerPassword = saslUsers == null ? null : UUID.randomUUID().toString();
            Properties properties = brokerProperties(directory, clientPort, controllerPort);
            if (saslUsers != null) {
                properties.putAll(saslProperties(clientPort, controllerPort, saslUsers, brokerPassword, tls));
            }
            KafkaConfig config = new KafkaConfig(properties, false);
            formatIfNew(config, directory, saslUsers);
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            String bootstrap = "127.0.0.1:" + clientPort;
            Map<String, String> brokerClient = saslUsers == null
                    ? Map.of()
                    : tls == null
                            ? plainClientProperties(BROKER_USER, brokerPassword)
                            : withTls(plainClientProperties(BROKER_USER, brokerPassword), tls);
            awaitReady(bootstrap, brokerClient);
            return new EmbeddedKafkaServer(server, bootstrap, saslUsers != null, brokerClient);
        } catch (IOException e) {
            throw new UncheckedIOException("The embedded Kafka broker did not start: " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Whether the client listener requires SASL. */
    public boolean sasl() {
        return sasl;
    }

    /** Client properties of the broker's own (inter-broker) user: an administrator for tests. Empty without SASL. */
    public Map<String, String> adminClientProperties() {
        return brokerClientProperties;
    }

    /** Client properties for a {@code SASL_PLAINTEXT} + {@code PLAIN} client. */
    public static Map<String, String> plainClientProperties(String user, String password) {
        return Map.of(
                "security.protocol",
                "SASL_PLAINTEXT",
                "sasl.mechanism",
                "PLAIN",
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required " + "username=\"" + user
                        + "\" password=\"" + password + "\";");
    }

    /** Client properties for a {@code SASL_PLAINTEXT} + {@code SCRAM-SHA-256} client. */
    public static Map<String, String> scramClientProperties(String user, String password) {
        return Map.of(
                "security.protocol",
                "SASL_PLAINTEXT",
                "sasl.mechanism",
                "SCRAM-SHA-256",
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required " + "username=\"" + user
                        + "\" password=\"" + password + "\";");
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    /** {@code client} over TLS, trusting {@code tls}'s PEM certificate. */
    private static Map<String, String> withTls(Map<String, String> client, Tls tls) {
        Map<String, String> config = new java.util.HashMap<>(client);
        config.put("security.protocol", "SASL_SSL");
        config.put("ssl.truststore.type", "PEM");
        config.put("ssl.truststore.location", tls.trustedPem().toAbsolutePath().toString());
        return Map.copyOf(config);
    }

    /** The client listener becomes SASL-only (in TLS with {@code tls}); the broker is {@value #BROKER_USER} to itself. */
    private static Map<String, String> saslProperties(
            int clientPort, int controllerPort, Map<String, String> users, String brokerPassword, Tls tls) {
        StringBuilder plainUsers = new StringBuilder();
        plainUsers
                .append(" user_")
                .append(BROKER_USER)
                .append("=\"")
                .append(brokerPassword)
                .append('"');
        users.forEach((user, password) -> plainUsers
                .append(" user_")
                .append(user)
                .append("=\"")
                .append(password)
                .append('"'));
        String listener = tls == null ? SASL_LISTENER : SASL_SSL_LISTENER;
        String prefix = "listener.name." + listener.toLowerCase(Locale.ROOT) + ".";
        Map<String, String> properties = new java.util.HashMap<>(Map.of(
                "listeners",
                listener + "://127.0.0.1:" + clientPort + "," + CONTROLLER + "://127.0.0.1:" + controllerPort,
                "advertised.listeners",
                listener + "://127.0.0.1:" + clientPort,
                "listener.security.protocol.map",
                listener + ":" + listener + "," + CONTROLLER + ":PLAINTEXT",
                "inter.broker.listener.name",
                listener,
                "sasl.enabled.mechanisms",
                "PLAIN,SCRAM-SHA-256",
                "sasl.mechanism.inter.broker.protocol",
                "PLAIN",
                prefix + "plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required " + "username=\"" + BROKER_USER
                        + "\" password=\"" + brokerPassword + "\"" + plainUsers + ";",
                prefix + "scram-sha-256.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;"));
        if (tls != null) {
            properties.put("ssl.keystore.type", "PKCS12");
            properties.put(
                    "ssl.keystore.location", tls.keyStore().toAbsolutePath().toString());
            properties.put("ssl.keystore.password", tls.password());
            properties.put("ssl.key.password", tls.password());
            properties.put("ssl.truststore.type", "PEM");
            properties.put(
                    "ssl.truststore.location", tls.trustedPem().toAbsolutePath().toString());
        }
        return properties;
    }

    private static Properties brokerProperties(Path directory, int clientPort, int controllerPort) {
        Properties properties = new Properties();
        properties.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                Map.entry(
                        "listeners",
                        "PLAINTEXT://127.0.0.1:" + clientPort + "," + CONTROLLER + "://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort),
                Map.entry("controller.listener.names", CONTROLLER),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("log.dirs", directory.toAbsolutePath().toString()),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "3"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("num.partitions", "3")));
        return properties;
    }

    private static void formatIfNew(KafkaConfig config, Path directory, Map<String, String> scramUsers) {
        if (Files.exists(directory.resolve("meta.properties"))) {
            return;
        }
        try {
            new Formatter()
                    .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER)
                    .setMetadataLogDirectory(directory.toAbsolutePath().toString())
                    .setDirectories(List.of(directory.toAbsolutePath().toString()))
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setIgnoreFormatted(true)
                    .setScramArguments(
                            scramUsers == null
                                    ? List.of()
                                    : scramUsers.entrySet().stream()
                                            .map(user -> "SCRAM-SHA-256=[name=" + user.getKey() + ",password="
                                                    + user.getValue() + "]")
                                            .toList())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format the embedded Kafka log directory " + directory, e);
        }
    }

    private static void awaitReady(String bootstrap, Map<String, String> clientProperties) {
        Map<String, Object> config = new java.util.HashMap<>(clientProperties);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The embedded Kafka broker at " + bootstrap + " did not become ready", e);
        }
    }
}
