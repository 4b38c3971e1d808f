package org.ledgerline.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.ledgerline.embedded.EmbeddedPostgresServer;

/**
 * The platform's PostgreSQL: a real server in processes of its own (zonky's binaries, started by
 * {@link EmbeddedPostgresServer} on a durable data directory), so the suite can kill it with SIGKILL like a crash
 * and start it again on the same directory and port.
 */
final class PostgresProcess implements AutoCloseable {

    static final String DATABASE = "ledgerline";

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgresServer server;

    private PostgresProcess(Path dataDirectory, EmbeddedPostgresServer server) {
        this.dataDirectory = dataDirectory;
        this.server = server;
        this.port = server.port();
    }

    static PostgresProcess start(Path dataDirectory) {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory, 0);
        server.ensureDatabase(DATABASE);
        return new PostgresProcess(dataDirectory, server);
    }

    String jdbcUrl() {
        return server.jdbcUrl(DATABASE);
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), server.username(), server.password());
    }

    /** SIGKILL to the postmaster and every process it started, as a power cut would stop them. */
    void kill() {
        long pid = postmasterPid();
        ProcessHandle postmaster =
                ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("No postmaster with pid " + pid));
        List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
        all.addFirst(postmaster);
        all.forEach(ProcessHandle::destroyForcibly);
        Awaitility.await("PostgreSQL processes gone after SIGKILL")
                .atMost(Duration.ofSeconds(30))
                .until(() -> all.stream().noneMatch(ProcessHandle::isAlive));
        // Releases zonky's lock on the directory; its pg_ctl stop finds nothing to stop and says so.
        server.close();
    }

    /** Starts PostgreSQL again on the same data directory and port: it recovers from its write-ahead log. */
    void restart() {
        server = EmbeddedPostgresServer.start(dataDirectory, port);
    }

    /** The settings that decide whether a commit survives a crash, for the log. */
    String durability() {
        try (Connection connection = connect();
                var statement = connection.createStatement();
                var rs =
                        statement.executeQuery("SELECT current_setting('fsync'), current_setting('synchronous_commit'),"
                                + " current_setting('full_page_writes')")) {
            rs.next();
            return "(fsync " + rs.getString(1) + ", synchronous_commit " + rs.getString(2) + ", full_page_writes "
                    + rs.getString(3) + ")";
        } catch (SQLException e) {
            return "(settings unreadable: " + e.getMessage() + ")";
        }
    }

    long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid"))
                    .getFirst()
                    .trim());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read postmaster.pid in " + dataDirectory, e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
