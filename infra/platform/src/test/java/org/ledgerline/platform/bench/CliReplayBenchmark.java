package org.ledgerline.platform.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.ledgerline.cli.Ledgerline;
import org.ledgerline.http.TokenIssuer;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Replay and rebuild throughput as an operator sees it through the CLI: N ProductCreated events (written straight
 * into the store, 1,000 per statement), then {@code ledgerline replay products} and {@code ledgerline rebuild
 * products} against the running platform. Not part of {@code bin/test}: run {@code bin/bench-cli [events]}.
 */
@LedgerlineIntegrationTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class CliReplayBenchmark {

    @LocalServerPort
    int port;

    @Autowired
    TokenIssuer tokens;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void replay_and_rebuild_through_the_cli() {
        int events = Integer.getInteger("bench.events", 100_000);
        for (int done = 0; done < events; done += 1_000) {
            jdbc.update(CliReplayBenchmarkSql.PRODUCTS_CREATED, Math.min(1_000, events - done));
        }
        String token =
                tokens.issue(UUID.randomUUID(), Set.of("ADMIN", "CUSTOMER")).accessToken();
        String[] connection = {"--url", "http://127.0.0.1:" + port, "--token", token};
        await().atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> jdbc.queryForObject("SELECT count(*) FROM products", Long.class) >= events);

        String replay = run("replay", "products", connection[0], connection[1], connection[2], connection[3]);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM products", Long.class))
                .isGreaterThanOrEqualTo(events);
        String rebuild = run("rebuild", "products", connection[0], connection[1], connection[2], connection[3]);

        System.out.printf("%nCLI over %,d events:%n%s%s%n", events, last(replay), last(rebuild));
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Ledgerline.run(new PrintWriter(out), new PrintWriter(err), false, args);
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    private static String last(String output) {
        String[] lines = output.strip().split("\n");
        return lines[lines.length - 1] + "\n";
    }
}
