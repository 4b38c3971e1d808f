package org.ledgerline.platform.restore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of its own, made and run with PostgreSQL's own tools (initdb, pg_resetwal, pg_ctl), and the
 * client tools a logical backup uses (pg_dump, pg_restore). The tools are found in {@code LEDGERLINE_PG_BIN}, then
 * {@code /usr/lib/postgresql/15/bin} (Debian's {@code postgresql-15}, which {@code .ci/run} installs), then on the
 * {@code PATH}; without them the test fails and says so. PostgreSQL refuses to run as root: as root, the server-side
 * tools run as the {@code postgres} user (created by Debian's package).
 */
final class PostgresCluster implements AutoCloseable {

    private static final List<String> TOOLS = List.of("initdb", "pg_ctl", "pg_resetwal", "pg_dump", "pg_restore");

    private final Path bin;
    private final Path directory;
    private final Path data;
    private final int port;

    private PostgresCluster(Path bin, Path directory, int port) {
        this.bin = bin;
        this.directory = directory;
        this.data = directory.resolve("data");
        this.port = port;
    }

    /**
     * Creates a stopped cluster; with {@code nextTransactionId} > 0 its transaction counter starts there, as on a
     * cluster that has run that many transactions (a multiple of 1,048,576: the start of a commit-log segment).
     */
    static PostgresCluster create(String name, long nextTransactionId) {
        Path bin = toolDirectory();
        try {
            Path directory = Files.createTempDirectory("ledgerline-" + name + "-");
            // The server's user (postgres, when the test runs as root) creates its data directory in here.
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
            PostgresCluster cluster = new PostgresCluster(bin, directory, freePort());
            cluster.server(
                    "initdb",
                    "-D",
                    cluster.data.toString(),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--no-sync");
            if (nextTransactionId > 0) {
                cluster.server("pg_resetwal", "-x", Long.toString(nextTransactionId), "-D", cluster.data.toString());
            }
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    PostgresCluster start() {
        server(
                "pg_ctl",
                "-D",
                data.toString(),
                "-l",
                directory.resolve("server.log").toString(),
                "-w",
                "-t",
                "60",
                "-o",
                "-p " + port + " -k " + directory
                        + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
                "start");
        return this;
    }

    void stop() {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            server("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop");
        }
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    void createDatabase(String database) {
        execute("postgres", "CREATE DATABASE " + database);
    }

    void execute(String database, String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(database), "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + jdbcUrl(database), e);
        }
    }

    long queryLong(String database, String sql) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(database), "postgres", "");
                Statement statement = connection.createStatement();
                var result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + jdbcUrl(database), e);
        }
    }

    /** {@code pg_dump -Fc} of {@code database}, into a file of this cluster's directory. */
    Path dump(String database) {
        Path file = directory.resolve(database + ".dump");
        run(connected("pg_dump", "-Fc", "-f", file.toString(), database));
        return file;
    }

    /** {@code pg_restore} of a custom-format dump into {@code database} (created empty first). */
    void restore(Path dump, String database) {
        createDatabase(database);
        run(connected("pg_restore", "-d", database, "--exit-on-error", "--no-owner", dump.toString()));
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a leftover temporary directory is harmless
            }
        }
    }

    private List<String> client(String tool, String... arguments) {
        List<String> command = new ArrayList<>(List.of(bin.resolve(tool).toString()));
        command.addAll(List.of(arguments));
        return command;
    }

    /** A client tool ({@code pg_dump}, {@code pg_restore}) connected to this cluster as postgres. */
    private List<String> connected(String tool, String... arguments) {
        List<String> command = client(tool, "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres");
        command.addAll(List.of(arguments));
        return command;
    }

    private void server(String tool, String... arguments) {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.addAll(client(tool, arguments));
        run(command);
    }

    private void run(List<String> command) {
        try {
            Path output = Files.createTempFile(directory, "tool-", ".log");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue()
                        + "):\n" + Files.readString(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command) + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted running " + command.getFirst(), e);
        }
    }

    private static Path toolDirectory() {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getenv("LEDGERLINE_PG_BIN"))
                .filter(value -> !value.isBlank())
                .map(Path::of)
                .ifPresent(candidates::add);
        candidates.add(Path.of("/usr/lib/postgresql/15/bin"));
        for (String entry : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!entry.isBlank()) {
                candidates.add(Path.of(entry));
            }
        }
        return candidates.stream()
                .filter(directory -> TOOLS.stream().allMatch(tool -> Files.isExecutable(directory.resolve(tool))))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("This test needs PostgreSQL 15's tools " + TOOLS
                        + " in one directory: set LEDGERLINE_PG_BIN, or install Debian's postgresql-15 "
                        + "(/usr/lib/postgresql/15/bin; .ci/run does), or put them on the PATH. Looked in "
                        + candidates));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
