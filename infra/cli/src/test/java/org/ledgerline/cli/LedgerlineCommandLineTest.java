package org.ledgerline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line itself: usage, exit codes and messages that need no platform. */
class LedgerlineCommandLineTest {

    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Ledgerline.run(new PrintWriter(out), new PrintWriter(err), false, args);
        return new Run(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "replay", "rebuild", "events", "republish", "dead-letters", "token"})
    void every_command_has_help_with_examples(String command) {
        Run help = run(command, "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: ledgerline " + command).contains("Examples:");
    }

    @Test
    void an_unknown_option_is_bad_usage_with_a_sentence_and_a_pointer_to_help() {
        Run run = run("status", "--colour");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option: '--colour'").contains("ledgerline status --help");
    }

    @Test
    void replay_without_a_processor_or_all_is_bad_usage() {
        Run run = run("replay", "--token", "t");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Name one processor or give --all");
    }

    @Test
    void replay_with_a_position_and_a_time_is_bad_usage() {
        Run run = run("replay", "orders", "--from-position", "3", "--from-time", "2026-01-01", "--token", "t");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("not both");
    }

    @Test
    void a_malformed_time_is_bad_usage() {
        Run run = run("events", "--type", "OrderPlaced", "--since", "yesterday", "--token", "t");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Not a time: 'yesterday'");
    }

    @Test
    void no_command_is_bad_usage() {
        Run run = run();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Name a command");
    }

    @Test
    void an_unreachable_platform_names_the_url_that_failed_without_a_stack_trace() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        Run run = run("status", "--url", "http://127.0.0.1:" + port, "--token", "t");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("Cannot reach the platform at http://127.0.0.1:" + port)
                             .doesNotContain("at java.").doesNotContain("Exception");
    }

    @Test
    void an_online_command_without_a_token_says_how_to_get_one() {
        Run run = run("status", "--url", "http://127.0.0.1:1", "--token", "");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("No token").contains("LEDGERLINE_TOKEN");
    }

    @Test
    void evict_needs_an_event_or_all() {
        Run run = run("dead-letters", "evict", "orders", "--token", "t");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--event").contains("--all");
    }

    @Test
    void a_minted_token_carries_the_platforms_claims_and_verifies_with_the_key() throws Exception {
        String key = "a-test-key-that-is-long-enough-for-hs256!";
        Run run = run("token", "--user-id", "3b0c9c1e-5a51-4d43-9d0e-7e1f7a1a2b3c", "--role", "ADMIN",
                      "--secret", key, "--ttl", "5m");

        assertThat(run.exitCode()).as(run.err()).isZero();
        String[] parts = run.out().trim().split("\\.");
        assertThat(parts).hasSize(3);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(
                mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.UTF_8)));
        assertThat(parts[2]).isEqualTo(expected);
        JsonNode claims = PlatformClient.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.path("iss").asText()).isEqualTo("ledgerline");
        assertThat(claims.path("sub").asText()).isEqualTo("3b0c9c1e-5a51-4d43-9d0e-7e1f7a1a2b3c");
        assertThat(claims.path("roles").get(0).asText()).isEqualTo("ADMIN");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(300);
    }

    @Test
    void a_token_for_an_e_mail_needs_the_database() {
        Run run = run("token", "--user", "admin@ledgerline.local");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--db-url");
    }

    @Test
    void the_progress_bar_shows_done_total_rate_and_eta() {
        StringWriter out = new StringWriter();
        Progress progress = new Progress(new PrintWriter(out), "replay orders", false);

        String line = progress.render(25_000, 100_000, "replaying");

        assertThat(line).startsWith("replay orders [#######.......................]  25% 25,000 / 100,000 events")
                        .contains("events/s").contains("ETA");
    }

    @Test
    void durations_read_like_an_operator_writes_them() {
        Ledgerline.DurationConverter converter = new Ledgerline.DurationConverter();

        assertThat(List.of(converter.convert("500ms"), converter.convert("30s"), converter.convert("5m"),
                           converter.convert("1h"), converter.convert("PT2S")))
                .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(5),
                                 Duration.ofHours(1), Duration.ofSeconds(2));
        assertThat(Instant.parse("2026-01-01T00:00:00Z")).isEqualTo(ReplayCommand.instant("2026-01-01"));
    }
}
