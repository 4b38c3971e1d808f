package org.ledgerline.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class SecretFilesEnvironmentPostProcessorTest {

    @TempDir
    Path directory;

    @Test
    void a_file_variable_gives_the_variable_the_files_content_without_the_trailing_newline() throws Exception {
        Path secret = Files.writeString(directory.resolve("jwt-secret"), "s3cret-of-at-least-32-bytes-0123456789\n");
        Path pem = Files.writeString(
                directory.resolve("jwt.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n" + "-----END PRIVATE KEY-----\n\n");

        StandardEnvironment environment = environment(Map.of(
                "LEDGERLINE_JWT_SECRET_FILE", secret.toString(),
                "LEDGERLINE_JWT_PRIVATE_KEY_FILE", pem.toString(),
                "OTHER_FILE", secret.toString()));

        assertThat(environment.getProperty("LEDGERLINE_JWT_SECRET"))
                .isEqualTo("s3cret-of-at-least-32-bytes-0123456789");
        assertThat(environment.getProperty("LEDGERLINE_JWT_PRIVATE_KEY"))
                .isEqualTo("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThat(environment.getProperty("OTHER")).isNull();
        // what application.yaml does with it
        assertThat(environment.resolvePlaceholders("${LEDGERLINE_JWT_SECRET:}"))
                .isEqualTo("s3cret-of-at-least-32-bytes-0123456789");
    }

    @Test
    void an_unreadable_file_stops_the_start_with_one_sentence_naming_the_variable() {
        Path missing = directory.resolve("no-such-secret");

        assertThatThrownBy(() -> environment(Map.of("LEDGERLINE_DB_PASSWORD_FILE", missing.toString())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("LEDGERLINE_DB_PASSWORD_FILE names " + missing + ", which cannot be read "
                        + "(NoSuchFileException): mount the secret there or unset "
                        + "LEDGERLINE_DB_PASSWORD_FILE.");
    }

    @Test
    void the_variable_and_its_file_together_are_refused() throws Exception {
        Path secret = Files.writeString(directory.resolve("password"), "from-file");

        assertThatThrownBy(() -> environment(
                        Map.of("LEDGERLINE_DB_PASSWORD", "direct", "LEDGERLINE_DB_PASSWORD_FILE", secret.toString())))
                .hasMessageContaining("Both LEDGERLINE_DB_PASSWORD and LEDGERLINE_DB_PASSWORD_FILE are set");
    }

    @Test
    void only_one_trailing_newline_is_removed() {
        assertThat(SecretFilesEnvironmentPostProcessor.trimTrailingNewline("a\r\n"))
                .isEqualTo("a");
        assertThat(SecretFilesEnvironmentPostProcessor.trimTrailingNewline("a\n\n"))
                .isEqualTo("a\n");
        assertThat(SecretFilesEnvironmentPostProcessor.trimTrailingNewline("a "))
                .isEqualTo("a ");
    }

    private static StandardEnvironment environment(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new MapPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new HashMap<>(variables)));
        new SecretFilesEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }
}
