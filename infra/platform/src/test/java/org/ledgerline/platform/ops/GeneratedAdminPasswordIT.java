package org.ledgerline.platform.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ledgerline.http.TokenIssuer;
import org.ledgerline.platform.web.ApiClient;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * No known administrator password: with LEDGERLINE_ADMIN_PASSWORD unset the platform generates one into
 * {@code <data directory>/admin-password} (owner-only), the administrator signs in with it, and the old published
 * default is refused.
 */
@LedgerlineIntegrationTest(
        kafka = true,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "ledgerline.admin.email=" + GeneratedAdminPasswordIT.ADMIN)
@ExtendWith(OutputCaptureExtension.class)
class GeneratedAdminPasswordIT {

    static final String ADMIN = "admin@ledgerline.local";
    /** Under target/: nothing outside the build directory is written. */
    static final Path DATA_DIRECTORY = dataDirectory();

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("ledgerline.embedded.data-directory", DATA_DIRECTORY::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    TokenIssuer tokens;

    @Test
    void the_generated_password_is_owner_only_and_signs_the_administrator_in() throws IOException {
        Path file = DATA_DIRECTORY.resolve("admin-password");
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(DATA_DIRECTORY)))
                .isEqualTo("rwx------");
        String password = Files.readString(file).strip();
        assertThat(password).hasSizeGreaterThanOrEqualTo(24);

        ApiClient api = new ApiClient(port, tokens);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> token = api.post("/api/v1/auth/token", null, signIn(password));
            assertThat(token.statusCode()).isEqualTo(200);
            assertThat(token.body()).contains("accessToken");
        });
        HttpResponse<String> oldDefault = api.post("/api/v1/auth/token", null, signIn("ledgerline-admin"));
        assertThat(oldDefault.statusCode()).isEqualTo(401);
    }

    @Test
    void the_log_says_where_the_password_is_never_what_it_is(CapturedOutput output) throws IOException {
        String password =
                Files.readString(DATA_DIRECTORY.resolve("admin-password")).strip();
        assertThat(output.getAll())
                .contains("The administrator's password was generated into " + DATA_DIRECTORY.resolve("admin-password"))
                .doesNotContain(password);
    }

    private static String signIn(String password) {
        return "{\"email\": \"" + ADMIN + "\", \"password\": \"" + password + "\"}";
    }

    private static Path dataDirectory() {
        try {
            Path target = Path.of("target");
            Files.createDirectories(target);
            return Files.createTempDirectory(target, "generated-admin-password-")
                    .toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
