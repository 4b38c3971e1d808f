package org.ledgerline.platform.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ledgerline.embedded.EmbeddedKafkaServer;
import org.ledgerline.embedded.EmbeddedPostgresServer;
import org.ledgerline.platform.LedgerlinePlatform;
import org.ledgerline.testsupport.TestInfrastructure;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Production mode (SPRING_PROFILES_ACTIVE=prod) on the real application class: an unsafe configuration ends the
 * process with exit code 1 before anything started, naming every setting to fix in one sentence each; a safe one
 * starts, on the configured servers only, and says so in its summary line.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProductionModeIT {

    @Test
    void an_unsafe_production_start_exits_1_naming_every_setting_and_starts_nothing() throws Exception {
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "production-mode-");
        Path dataDirectory = work.resolve("data");
        Path log = work.resolve("platform.log");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        LedgerlinePlatform.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet()
                .removeIf(name ->
                        name.startsWith("LEDGERLINE_") || name.startsWith("SPRING_") || name.startsWith("MANAGEMENT_"));
        env.put("SPRING_PROFILES_ACTIVE", "prod");
        env.put("LEDGERLINE_DATA_DIR", dataDirectory.toString());
        env.put("LEDGERLINE_EMBEDDED", "true");
        env.put("MANAGEMENT_ENDPOINT_HEALTH_SHOWDETAILS", "always");
        env.put("SERVER_PORT", "0");
        Process process = builder.start();
        try {
            assertThat(process.waitFor(120, TimeUnit.SECONDS))
                    .as("the process ended")
                    .isTrue();
        } finally {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);

        assertThat(process.exitValue()).as(output).isEqualTo(1);
        List<String> settings = List.of(
                "LEDGERLINE_DB_URL", "LEDGERLINE_KAFKA_BOOTSTRAP_SERVERS",
                "LEDGERLINE_EMBEDDED=true", "LEDGERLINE_JWT_SECRET",
                "LEDGERLINE_ADMIN_PASSWORD", "management.endpoint.health.show-details");
        for (String setting : settings) {
            assertThat(output).as(setting).contains(setting);
        }
        for (String refusal : ProductionMode.refusals(unsafeEnvironment(dataDirectory))) {
            assertThat(output).as("one sentence each").contains(refusal);
        }
        assertThat(output)
                .contains("Ledgerline starting in production mode")
                .contains("refuses to start")
                .doesNotContain("\tat org.")
                .doesNotContain("Exception in thread")
                .doesNotContain("Embedded PostgreSQL ready")
                .doesNotContain("Embedded Kafka broker ready")
                .doesNotContain("Tomcat started");
        assertThat(dataDirectory).as("nothing written").doesNotExist();
    }

    @Test
    void a_safe_production_start_gets_past_the_check_on_the_configured_servers_only(CapturedOutput output)
            throws IOException {
        Path dataDirectory =
                Files.createTempDirectory(Files.createDirectories(Path.of("target")), "production-mode-safe-");
        String database = TestInfrastructure.newDatabase("production_mode");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(LedgerlinePlatform.class)
                .profiles("prod")
                .run(
                        "--spring.datasource.url=" + database,
                        "--spring.datasource.username="
                                + TestInfrastructure.postgres().username(),
                        "--spring.datasource.password="
                                + TestInfrastructure.postgres().password(),
                        "--ledgerline.kafka.bootstrap-servers=" + TestInfrastructure.kafkaBootstrapServers(),
                        "--ledgerline.security.jwt-secret=production-mode-it-secret-of-32-bytes-or-more",
                        "--ledgerline.admin.email=ops@example.com",
                        "--ledgerline.admin.password=production-mode-admin-password",
                        "--ledgerline.embedded.data-directory=" + dataDirectory,
                        "--server.port=0",
                        "--axon.update-check.disabled=true")) {
            assertThat(context.isRunning()).isTrue();
            assertThat(context.getBeansOfType(EmbeddedPostgresServer.class)).isEmpty();
            assertThat(context.getBeansOfType(EmbeddedKafkaServer.class)).isEmpty();
            assertThat(context.getEnvironment().getProperty("local.management.port", Integer.class))
                    .isPositive()
                    .isNotEqualTo(context.getEnvironment().getProperty("local.server.port", Integer.class));
        }
        assertThat(output.getOut())
                .contains("Ledgerline starting in production mode: database " + database.replaceFirst("\\?.*", ""))
                .contains("brokers " + TestInfrastructure.kafkaBootstrapServers())
                .contains("signing key: configured HS256 secret")
                .contains("management port 0")
                .doesNotContain("production-mode-it-secret")
                .doesNotContain("production-mode-admin-password")
                .doesNotContain("refuses to start");
        assertThat(dataDirectory.resolve("admin-password")).doesNotExist();
    }

    private static org.springframework.mock.env.MockEnvironment unsafeEnvironment(Path dataDirectory) {
        org.springframework.mock.env.MockEnvironment environment = new org.springframework.mock.env.MockEnvironment();
        environment.setActiveProfiles("prod");
        environment.setProperty("ledgerline.embedded.enabled", "true");
        environment.setProperty("ledgerline.embedded.data-directory", dataDirectory.toString());
        environment.setProperty("ledgerline.admin.email", "admin@ledgerline.local");
        environment.setProperty("management.endpoint.health.show-details", "always");
        return environment;
    }
}
