package org.ledgerline.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What PostgreSQL itself counts for the platform's database over a measured window: SQL statements (the calls of
 * {@code pg_stat_statements}, summed over the database's statements; BEGIN, COMMIT and SET included, as the
 * extension tracks utility statements by default) and committed transactions ({@code pg_stat_database.xact_commit},
 * no extension needed), and the write-ahead log written ({@code pg_current_wal_lsn()}, the whole cluster's). Read
 * from the run's admin database, so the reading itself is not counted.
 *
 * <p>{@code pg_stat_statements} counts a statement when it ends, exactly; {@code pg_stat_database} gets a backend's
 * counts when it flushes them, at the end of a transaction at most once a second (PostgreSQL 15), so both ends of a
 * window lag by up to a second alike: over a 10 s window of steady load the figure is right within a few percent.
 */
final class DatabaseCounters {

    /**
     * A reading; {@code statements} is -1 where pg_stat_statements is not loaded. {@code walBytes}: the server's WAL
     * position, the whole cluster's (another database's writes in the window count too: on a shared server an upper
     * bound, on the bench's own embedded server exact).
     */
    record Counts(long statements, long transactions, long walBytes) {}

    private final Servers servers;
    private final String database;

    DatabaseCounters(Servers servers, String database) {
        this.servers = servers;
        this.database = database;
    }

    /** The counts now, or null when PostgreSQL could not be asked (the figures then say "not measured"). */
    Counts read() {
        String sql = "SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = ?),"
                + " pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint"
                + (servers.statementsMeasured()
                        ? ", (SELECT coalesce(sum(s.calls), 0) FROM pg_stat_statements s"
                                + " JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = ?)"
                        : ", -1");
        try (Connection connection = servers.connect(servers.adminDatabase);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, database);
            if (servers.statementsMeasured()) {
                statement.setString(2, database);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return new Counts(rs.getLong(3), rs.getLong(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            System.err.println("Could not read PostgreSQL's counters: " + e.getMessage());
            return null;
        }
    }

    /**
     * "statements/op 23.4, transactions/op 5.1, WAL/op 12.3 kB", with "not measured" for what PostgreSQL did not
     * count.
     */
    String describe(Counts start, Counts end, long operations) {
        String statements;
        if (start == null || end == null || start.statements() < 0 || end.statements() < 0) {
            statements = "statements/op not measured ("
                    + (servers.statementsMeasured() ? "counters unreadable" : servers.statementsMissing())
                    + ")";
        } else {
            statements = "statements/op %.1f".formatted((double) (end.statements() - start.statements()) / operations);
        }
        String transactions = start == null || end == null
                ? "transactions/op not measured"
                : "transactions/op %.1f".formatted((double) (end.transactions() - start.transactions()) / operations);
        String wal = start == null || end == null
                ? "WAL/op not measured"
                : "WAL/op %.1f kB".formatted((end.walBytes() - start.walBytes()) / 1024.0 / operations);
        return statements + ", " + transactions + ", " + wal;
    }
}
