package org.ledgerline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line itself: usage, exit codes and messages that need no platform. */
class LedgerlineCommandLineTest {

    record Run(int exitCode, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Ledgerline.run(new PrintWriter(out), new PrintWriter(err), false, args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The run ended as bad usage (exit code 2) with a message that says each of these. */
    static void assertBadUsage(Run run, CharSequence... said) {
        assertThat(run.exitCode()).isEqualTo(Ledgerline.USAGE);
        assertThat(run.err()).contains(said);
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "replay", "rebuild", "events", "republish", "dead-letters", "login", "token"})
    void every_command_has_help_with_examples(String command) {
        Run help = run(command, "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: ledgerline " + command).contains("Examples:");
    }

    @Test
    void an_unknown_option_is_bad_usage_with_a_sentence_and_a_pointer_to_help() {
        assertBadUsage(run("status", "--colour"), "Unknown option: '--colour'", "ledgerline status --help");
    }

    @Test
    void replay_without_a_processor_or_all_is_bad_usage() {
        assertBadUsage(run("replay", "--token", "t"), "Name one processor or give --all");
    }

    @Test
    void replay_with_a_position_and_a_time_is_bad_usage() {
        assertBadUsage(
                run("replay", "orders", "--from-position", "3", "--from-time", "2026-01-01", "--token", "t"),
                "not both");
    }

    @Test
    void a_malformed_time_is_bad_usage() {
        assertBadUsage(
                run("events", "--type", "OrderPlaced", "--since", "yesterday", "--token", "t"),
                "Not a time: 'yesterday'");
    }

    @Test
    void no_command_is_bad_usage() {
        assertBadUsage(run(), "Name a command");
    }

    @Test
    void an_unreachable_platform_names_the_url_that_failed_without_a_stack_trace() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        Run run = run("status", "--url", "http://127.0.0.1:" + port, "--token", "t");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .contains("Cannot reach the platform at http://127.0.0.1:" + port)
                .doesNotContain("at java.")
                .doesNotContain("Exception");
    }

    @Test
    void an_online_command_without_a_token_says_how_to_get_one() {
        assertBadUsage(run("status", "--url", "http://127.0.0.1:1", "--token", ""), "No token", "LEDGERLINE_TOKEN");
    }

    @Test
    void evict_needs_an_event_or_all() {
        assertBadUsage(run("dead-letters", "evict", "orders", "--token", "t"), "--event", "--all");
    }

    @Test
    void a_minted_token_carries_the_platforms_claims_and_verifies_with_the_key() throws Exception {
        String key = "a-test-key-that-is-long-enough-for-hs256!";
        Run run = run(
                "token",
                "--user-id",
                "3b0c9c1e-5a51-4d43-9d0e-7e1f7a1a2b3c",
                "--role",
                "ADMIN",
                "--secret",
                key,
                "--ttl",
                "5m");

        assertThat(run.exitCode()).as(run.err()).isZero();
        String[] parts = run.out().trim().split("\\.");
        assertThat(parts).hasSize(3);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.UTF_8)));
        assertThat(parts[2]).isEqualTo(expected);
        JsonNode claims = PlatformClient.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.path("iss").asText()).isEqualTo("ledgerline");
        assertThat(claims.path("sub").asText()).isEqualTo("3b0c9c1e-5a51-4d43-9d0e-7e1f7a1a2b3c");
        assertThat(claims.path("roles").get(0).asText()).isEqualTo("ADMIN");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(300);
    }

    @Test
    void without_a_key_token_refuses_and_points_at_login(@TempDir Path emptyDataDir) {
        Run run = run(
                "token",
                "--user-id",
                "3b0c9c1e-5a51-4d43-9d0e-7e1f7a1a2b3c",
                "--data-dir",
                emptyDataDir.toString(),
                "--secret",
                "",
                "--private-key",
                "");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("No signing key").contains("ledgerline login");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void token_signs_rs256_with_the_generated_key_of_a_data_directory_and_its_thumbprint_as_kid(@TempDir Path dataDir)
            throws Exception {
        KeyPair pair = rsa();
        Path keys = Files.createDirectories(dataDir.resolve("keys"));
        Files.writeString(keys.resolve("jwt-signing.pem"), pem(pair));

        Run run = run(
                "token",
                "--user-id",
                "3b0c9c1e-5a51-4d43-9d0e-7e1f7a1a2b3c",
                "--role",
                "ADMIN",
                "--data-dir",
                dataDir.toString(),
                "--secret",
                "",
                "--private-key",
                "");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertRs256(run.out().trim(), pair);
    }

    @Test
    void token_signs_rs256_with_a_private_key_file(@TempDir Path directory) throws Exception {
        KeyPair pair = rsa();
        Path file = directory.resolve("jwt.key");
        Files.writeString(file, pem(pair));

        Run run = run("token", "--user-id", "3b0c9c1e-5a51-4d43-9d0e-7e1f7a1a2b3c", "--private-key", file.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertRs256(run.out().trim(), pair);
    }

    @Test
    void the_kid_is_the_rfc_7638_thumbprint() throws Exception {
        // RFC 7638, section 3.1
        Base64.Decoder base64 = Base64.getUrlDecoder();
        BigInteger n = new BigInteger(
                1,
                base64.decode("0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zw"
                        + "u1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65Y"
                        + "GjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZ"
                        + "u0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"));
        BigInteger e = new BigInteger(1, base64.decode("AQAB"));

        assertThat(TokenCommand.Signer.thumbprint(n, e)).isEqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
    }

    @Test
    void login_posts_the_credentials_and_saves_the_token_owner_only(@TempDir Path directory) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        StringBuilder received = new StringBuilder();
        server.createContext("/api/v1/auth/token", exchange -> {
            received.append(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = "{\"accessToken\":\"header.claims.signature\",\"tokenType\":\"Bearer\",\"expiresIn\":3600}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            Path password = Files.writeString(directory.resolve("password"), "pa ss\n");
            Path saved = directory.resolve("token");
            String url = "http://127.0.0.1:" + server.getAddress().getPort();

            Run run = run(
                    "login",
                    "--url",
                    url,
                    "--email",
                    "admin@example.com",
                    "--password-file",
                    password.toString(),
                    "--save",
                    saved.toString());

            assertThat(run.exitCode()).as(run.err()).isZero();
            JsonNode sent = PlatformClient.JSON.readTree(received.toString());
            assertThat(sent.path("email").asText()).isEqualTo("admin@example.com");
            assertThat(sent.path("password").asText()).isEqualTo("pa ss");
            assertThat(Files.readString(saved).trim()).isEqualTo("header.claims.signature");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(saved)))
                    .isEqualTo("rw-------");
            assertThat(run.out()).doesNotContain("header.claims.signature");
            Connection connection = new Connection();
            connection.tokenFile = saved.toString();
            assertThat(connection.token()).isEqualTo("header.claims.signature");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void login_needs_a_password_from_stdin_a_file_or_the_environment() {
        assertBadUsage(
                run("login", "--email", "admin@example.com", "--url", "http://127.0.0.1:1"),
                "No password",
                "--password-stdin");
    }

    @Test
    void an_unreadable_token_file_is_bad_usage() {
        assertBadUsage(
                run("status", "--token-file", "/no/such/token-file"), "Cannot read the token file /no/such/token-file");
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String pem(KeyPair pair) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    private static void assertRs256(String token, KeyPair pair) throws Exception {
        String[] parts = token.split("\\.");
        JsonNode header = PlatformClient.JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        assertThat(header.path("alg").asText()).isEqualTo("RS256");
        RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
        assertThat(header.path("kid").asText())
                .isEqualTo(TokenCommand.Signer.thumbprint(publicKey.getModulus(), publicKey.getPublicExponent()));
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(publicKey);
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
        JsonNode claims = PlatformClient.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.path("sub").asText()).isEqualTo("3b0c9c1e-5a51-4d43-9d0e-7e1f7a1a2b3c");
    }

    @Test
    void a_token_for_an_e_mail_needs_the_database() {
        assertBadUsage(run("token", "--user", "admin@ledgerline.local"), "--db-url");
    }

    @Test
    void the_progress_bar_shows_done_total_rate_and_eta() {
        StringWriter out = new StringWriter();
        Progress progress = new Progress(new PrintWriter(out), "replay orders", false);

        String line = progress.render(25_000, 100_000, "replaying");

        assertThat(line)
                .startsWith("replay orders [#######.......................]  25% 25,000 / 100,000 events")
                .contains("events/s")
                .contains("ETA");
    }

    @Test
    void durations_read_like_an_operator_writes_them() {
        Ledgerline.DurationConverter converter = new Ledgerline.DurationConverter();

        assertThat(List.of(
                        converter.convert("500ms"),
                        converter.convert("30s"),
                        converter.convert("5m"),
                        converter.convert("1h"),
                        converter.convert("PT2S")))
                .containsExactly(
                        Duration.ofMillis(500),
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(5),
                        Duration.ofHours(1),
                        Duration.ofSeconds(2));
        assertThat(Instant.parse("2026-01-01T00:00:00Z")).isEqualTo(ReplayCommand.instant("2026-01-01"));
    }
}
