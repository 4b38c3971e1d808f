package org.ledgerline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The whole benchmark suite at smoke scale (a second or two per workload, a small rebuild), so it cannot rot; and the
 * saga and commands rows on two platform nodes (two JVMs) on an embedded PostgreSQL with pg_stat_statements. Asserts
 * only that every row of the table was produced with sane values and that PostgreSQL's own counts (statements and
 * transactions per operation) are in the notes: no timing thresholds (benchmarks are not tests).
 */
class BenchSmokeIT {

    private static final Pattern TRANSACTIONS = Pattern.compile("transactions/op (\\d+\\.\\d)");
    private static final Pattern STATEMENTS = Pattern.compile("statements/op (\\d+\\.\\d)");
    private static final Pattern JVMS = Pattern.compile("JVM \\d+\\.\\d+ ms \\((\\d) JVMs\\)");

    private static final List<String> PLATFORM_ROWS = List.of(
            "saga.max",
            "saga.open50",
            "orders.max",
            "orders.open50",
            "orders.open80",
            "deposits.max",
            "deposits.open50",
            "deposits.open80",
            "keyed-deposits.max",
            "keyed-deposits.open50",
            "keyed-deposits.open80",
            "replication.catchup",
            "rebuild");

    /** Every row the smoke scale produces: the fixed ones and a lag row per append rate of that scale. */
    private static final List<String> SMOKE_ROWS = Stream.concat(
                    PLATFORM_ROWS.stream(),
                    Arrays.stream(Scale.SMOKE.replicationRates).mapToObj(ReplicationWorkload::lagKey))
            .toList();

    @Test
    void every_row_of_the_table_is_produced() {
        Bench bench = new Bench();
        int code =
                new CommandLine(bench).setCaseInsensitiveEnumValuesAllowed(true).execute("--scale", "smoke");

        assertThat(code).isZero();
        Report report = bench.report;
        for (Results results : List.of(report.ours, report.peer)) {
            assertThat(results.measures.keySet()).as(results.name).containsExactlyInAnyOrderElementsOf(SMOKE_ROWS);
            results.measures.values().forEach(BenchSmokeIT::sane);
            results.measures.values().stream()
                    .filter(measure -> measure.note().contains("CPU per op"))
                    .forEach(measure -> {
                        // PostgreSQL 15 flushes a backend's transaction counts at most once a second: in a smoke
                        // window of a second the count may still be behind, so only its presence is asserted.
                        assertThat(measured(TRANSACTIONS, measure))
                                .as(measure.label())
                                .isNotNegative();
                        assertThat(measure.note()).as(measure.label()).contains("statements/op");
                    });
        }
        if (Limits.pgbench() == null) {
            System.out.println("pgbench is not installed here: only the sequential-read limit was measured");
            assertThat(report.limits.measures.keySet()).containsExactly("limit.read");
        } else {
            assertThat(report.limits.measures.keySet())
                    .containsExactlyInAnyOrder("limit.single", "limit.multi", "limit.read");
        }
        report.limits.measures.values().forEach(BenchSmokeIT::sane);
        String table = report.markdown();
        long rows = table.lines()
                .filter(line -> line.startsWith("| ") && !line.startsWith("| figure"))
                .count();
        assertThat(rows).isEqualTo(SMOKE_ROWS.size() + report.limits.measures.size());
        assertThat(table).doesNotContain("NaN").doesNotContain("Infinity");
    }

    /**
     * Two platform nodes: the saga and commands rows come out, every row's JVM CPU sums both nodes' JVMs, and the
     * embedded server runs pg_stat_statements, so the statements per operation are counted.
     */
    @Test
    void two_nodes_with_statements_per_operation() {
        Bench bench = new Bench();
        int code = new CommandLine(bench)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(
                        "--scale",
                        "smoke",
                        "--workloads",
                        "saga,commands",
                        "--no-peer",
                        "--nodes",
                        "2",
                        "--embedded-postgres");

        assertThat(code).isZero();
        Report report = bench.report;
        assertThat(report.ours.measures.keySet())
                .containsExactlyInAnyOrderElementsOf(PLATFORM_ROWS.stream()
                        .filter(key -> key.startsWith("saga") || key.contains("orders") || key.contains("deposits"))
                        .toList());
        assertThat(report.peer.measures).isEmpty();
        boolean statementsLoaded = String.join("\n", report.header).contains("pg_stat_statements loaded");
        // zonky's binaries (the build's embedded PostgreSQL) have the extension: the bench must load it.
        assertThat(statementsLoaded)
                .as("pg_stat_statements loaded in the embedded server: " + report.header)
                .isTrue();
        for (Measure measure : report.ours.measures.values()) {
            sane(measure);
            assertThat(measured(JVMS, measure)).as(measure.label()).isEqualTo(2);
            assertThat(measured(TRANSACTIONS, measure)).as(measure.label()).isNotNegative();
            // pg_stat_statements counts each statement as it ends: every operation runs some.
            assertThat(measured(STATEMENTS, measure)).as(measure.label()).isPositive();
        }
    }

    private static double measured(Pattern pattern, Measure measure) {
        Matcher matcher = pattern.matcher(measure.note());
        assertThat(matcher.find()).as(pattern + " in " + measure.note()).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private static void sane(Measure measure) {
        for (double value : measure.values()) {
            assertThat(value).as(measure.label()).isFinite().isGreaterThan(0);
        }
        if (!measure.higherIsBetter()) {
            assertThat(measure.values()).as("percentiles of " + measure.label()).isSorted();
        }
    }
}
