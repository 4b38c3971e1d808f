package org.ledgerline.platform.cli;

import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.ledgerline.cli.Ledgerline;

/** Runs the {@code ledgerline} command in-process against a test platform and keeps what it printed. */
final class Cli {

    private final List<String> connection;

    Cli(int port, String token) {
        this.connection = List.of("--url", "http://127.0.0.1:" + port, "--token", token);
    }

    /** The outcome of one command line. */
    record Run(int exitCode, String out, String err) {}

    /** Runs {@code command} with {@code --url} and {@code --token} of the test platform appended. */
    Run online(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(connection);
        args.add("--poll-interval=100ms");
        return raw(args.toArray(String[]::new));
    }

    /** Runs {@code command} offline, with {@code --db-url}, {@code --db-user} and {@code --db-password} of the database. */
    static Run offline(DataSource database, String... command) {
        HikariDataSource hikari = (HikariDataSource) database;
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of(
                "--db-url",
                hikari.getJdbcUrl(),
                "--db-user",
                hikari.getUsername(),
                "--db-password",
                String.valueOf(hikari.getPassword())));
        return raw(args.toArray(String[]::new));
    }

    static Run raw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Ledgerline.run(new PrintWriter(out), new PrintWriter(err), false, args);
        return new Run(code, out.toString(), err.toString());
    }
}
