package org.ledgerline.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 9, item 5: what this PostgreSQL can do at all, measured by pgbench in the same run: durable single-row
 * inserts (16 clients) and 100-row multi-row inserts (4 clients) into a table shaped like the
 * event table, with a payload of an OrderPlaced's size. The sequential read is measured on the seeded event table
 * itself ({@link RebuildWorkload#sequentialRead}).
 */
final class Limits {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");
    // A real OrderPlaced as the platform serializes it (no JSON null: pgbench would read ":null" as a variable).
    private static final String PAYLOAD = "{\"orderId\":{\"value\":\"6f1c2d8e-3b0a-4c55-9a1e-2f3b4c5d6e7f\"},"
            + "\"customerId\":\"0b9d8c7e-6f5a-4b3c-8d2e-1f0a9b8c7d6e\",\"lines\":[{\"productId\":"
            + "\"3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f\",\"sku\":\"SKU-1\",\"name\":\"Thing\",\"quantity\":2,"
            + "\"unitPrice\":{\"amount\":5.00,\"currency\":\"EUR\"}}],\"total\":{\"amount\":10.00,\"currency\":"
            + "\"EUR\"},\"shippingAddress\":{\"line1\":\"1 Main St\",\"city\":\"Berlin\",\"postalCode\":\"10115\","
            + "\"country\":\"DE\"}}";
    private static final String COLUMNS = "(aggregateidentifier, sequencenumber, type, eventidentifier, metadata, "
            + "payload, payloadtype, payloadrevision, timestamp)";
    private static final String VALUES = "gen_random_uuid()::text, 0, 'Order', gen_random_uuid()::text, "
            + "convert_to('{\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"}', 'UTF8'), "
            + "convert_to('" + PAYLOAD + "', 'UTF8'), 'order.OrderPlaced', '1', "
            + "'2026-12-02T00:00:00.000Z'";

    private Limits() {}

    /** The pgbench binary, or null if this machine has none. */
    static String pgbench() {
        String configured = System.getenv("LEDGERLINE_BENCH_PGBENCH");
        if (configured != null && new File(configured).canExecute()) {
            return configured;
        }
        for (String directory : (System.getenv("PATH") + ":/usr/bin:/usr/lib/postgresql/15/bin").split(":")) {
            File candidate = new File(directory, "pgbench");
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        return null;
    }

    static void measure(Servers servers, Scale scale, Results limits) throws Exception {
        String pgbench = pgbench();
        if (pgbench == null) {
            System.out.println("pgbench not found: the limit rows are skipped (Debian: apt-get install "
                    + "postgresql-client; or set LEDGERLINE_BENCH_PGBENCH)");
            return;
        }
        String database = servers.newDatabase("limits");
        Path scripts = Files.createTempDirectory("ledgerline-bench-pgbench-");
        try {
            try (Connection connection = servers.connect(database);
                    Statement statement = connection.createStatement()) {
                // The event table as the event store makes it, its commit-order default included (ADR 0018).
                statement.execute("""
                        CREATE TABLE event_store_commit_order (
                            singleton BOOLEAN PRIMARY KEY DEFAULT true, tx_id_offset BIGINT NOT NULL DEFAULT 0)""");
                statement.execute("INSERT INTO event_store_commit_order DEFAULT VALUES");
                statement.execute("CREATE FUNCTION event_store_tx_id_offset() RETURNS BIGINT LANGUAGE sql STABLE"
                        + " RETURN (SELECT tx_id_offset FROM event_store_commit_order)");
                statement.execute("CREATE FUNCTION event_store_commit_order_id() RETURNS BIGINT LANGUAGE sql"
                        + " RETURN pg_current_xact_id()::text::bigint + event_store_tx_id_offset()");
                statement.execute("""
                        CREATE TABLE domainevententry (
                            globalindex BIGSERIAL PRIMARY KEY, aggregateidentifier VARCHAR(255) NOT NULL,
                            sequencenumber BIGINT NOT NULL, type VARCHAR(255), eventidentifier VARCHAR(255) NOT NULL,
                            metadata BYTEA, payload BYTEA NOT NULL, payloadrevision VARCHAR(255),
                            payloadtype VARCHAR(255) NOT NULL, timestamp VARCHAR(255) NOT NULL,
                            tx_id BIGINT NOT NULL DEFAULT event_store_commit_order_id(),
                            UNIQUE (aggregateidentifier, sequencenumber), UNIQUE (eventidentifier))""");
                statement.execute("CREATE INDEX ON domainevententry (tx_id, globalindex)");
                statement.execute("CREATE INDEX ON domainevententry (timestamp)");
            }
            Path single = Files.writeString(
                    scripts.resolve("single.sql"),
                    "INSERT INTO domainevententry " + COLUMNS + " VALUES (" + VALUES + ");\n");
            Path multi = Files.writeString(
                    scripts.resolve("multi.sql"),
                    "INSERT INTO domainevententry " + COLUMNS + " SELECT " + VALUES
                            + " FROM generate_series(1, 100);\n");
            double singleTps = run(pgbench, servers, database, single, 16, scale.pgbenchSeconds);
            limits.add(Measure.rate(
                    "limit.single",
                    "Limit: pgbench durable single-row inserts, 16 clients",
                    "rows/s",
                    singleTps,
                    null,
                    "one INSERT per transaction, fsync'd commit"));
            double multiTps = run(pgbench, servers, database, multi, 4, scale.pgbenchSeconds);
            limits.add(Measure.rate(
                    "limit.multi",
                    "Limit: pgbench 100-row inserts, 4 clients",
                    "rows/s",
                    multiTps * 100,
                    null,
                    "%.0f transactions/s of 100 rows".formatted(multiTps)));
        } finally {
            servers.dropDatabase(database);
            try (var files = Files.list(scripts)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(scripts);
        }
    }

    private static double run(String pgbench, Servers servers, String database, Path script, int clients, int seconds)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                pgbench,
                "-n",
                "-h",
                servers.host,
                "-p",
                Integer.toString(servers.port),
                "-U",
                servers.user,
                "-c",
                Integer.toString(clients),
                "-j",
                "2",
                "-T",
                Integer.toString(seconds),
                "-f",
                script.toString(),
                database));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", servers.password);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("pgbench failed:\n" + output);
        }
        Matcher tps = TPS.matcher(output);
        if (!tps.find()) {
            throw new IllegalStateException("pgbench printed no tps:\n" + output);
        }
        return Double.parseDouble(tps.group(1));
    }
}
