package org.ledgerline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The whole benchmark suite at smoke scale (a second or two per workload, a small rebuild), so it cannot rot. Asserts
 * only that every row of the table was produced with sane values: no timing thresholds (benchmarks are not tests).
 */
class BenchSmokeIT {

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
            "replication.lag",
            "replication.catchup",
            "rebuild");

    @Test
    void every_row_of_the_table_is_produced() {
        Bench bench = new Bench();
        int code =
                new CommandLine(bench).setCaseInsensitiveEnumValuesAllowed(true).execute("--scale", "smoke");

        assertThat(code).isZero();
        Report report = bench.report;
        for (Results results : List.of(report.ours, report.peer)) {
            assertThat(results.measures.keySet()).as(results.name).containsExactlyInAnyOrderElementsOf(PLATFORM_ROWS);
            results.measures.values().forEach(BenchSmokeIT::sane);
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
        assertThat(rows).isEqualTo(PLATFORM_ROWS.size() + report.limits.measures.size());
        assertThat(table).doesNotContain("NaN").doesNotContain("Infinity");
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
