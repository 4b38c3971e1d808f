package org.ledgerline.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.ledgerline.embedded.DataDirectoryLock;
import org.ledgerline.testsupport.TestInfrastructure;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** A platform that cannot start says why in a sentence and which setting fixes it. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureIT {

    @Test
    void an_unreachable_configured_database_is_named_with_the_property_to_fix(CapturedOutput output) {
        assertThatThrownBy(() -> start(
                        "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/ledgerline",
                        "--ledgerline.embedded.enabled=false",
                        "--ledgerline.kafka.bootstrap-servers=127.0.0.1:1"))
                .isNotNull();
        assertThat(output.getOut())
                .contains("APPLICATION FAILED TO START")
                .contains("Cannot reach the PostgreSQL database at jdbc:postgresql://127.0.0.1:1/ledgerline")
                .contains("LEDGERLINE_DB_URL");
    }

    @Test
    void an_unreachable_configured_kafka_is_named_with_the_property_to_fix(CapturedOutput output) {
        String database = TestInfrastructure.newDatabase("startup_kafka");
        assertThatThrownBy(() -> start(
                        "--spring.datasource.url=" + database,
                        "--spring.datasource.username="
                                + TestInfrastructure.postgres().username(),
                        "--spring.datasource.password="
                                + TestInfrastructure.postgres().password(),
                        "--ledgerline.embedded.enabled=false",
                        "--ledgerline.kafka.bootstrap-servers=127.0.0.1:1",
                        "--ledgerline.kafka.startup-timeout=2s"))
                .isNotNull();
        assertThat(output.getOut())
                .contains("Cannot reach Kafka at 127.0.0.1:1")
                .contains("LEDGERLINE_KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void a_second_process_on_the_same_embedded_data_directory_is_refused(
            @TempDir Path dataDirectory, CapturedOutput output) {
        try (var otherProcess = DataDirectoryLock.acquire(dataDirectory)) {
            assertThatThrownBy(() -> start(
                            "--ledgerline.embedded.data-directory=" + dataDirectory,
                            "--ledgerline.embedded.postgres-port=0",
                            "--ledgerline.embedded.kafka-port=0"))
                    .isNotNull();
        }
        assertThat(output.getOut())
                .contains("is in use by another Ledgerline process")
                .contains("LEDGERLINE_DATA_DIR");
    }

    @Test
    void with_nothing_configured_the_platform_runs_on_embedded_postgresql_and_kafka(@TempDir Path dataDirectory) {
        try (ConfigurableApplicationContext context = start(
                "--ledgerline.embedded.data-directory=" + dataDirectory,
                "--ledgerline.embedded.postgres-port=0",
                "--ledgerline.embedded.kafka-port=0")) {
            var health = context.getBean(org.springframework.boot.health.actuate.endpoint.HealthEndpoint.class)
                    .health();
            assertThat(health.getStatus().getCode()).isEqualTo("UP");
            assertThat(dataDirectory.resolve("postgres/PG_VERSION")).exists();
            assertThat(dataDirectory.resolve("kafka/meta.properties")).exists();
        }
    }

    private static ConfigurableApplicationContext start(String... args) {
        String[] all = new String[args.length + 3];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--server.port=0";
        all[args.length + 1] = "--axon.update-check.disabled=true";
        all[args.length + 2] = "--spring.datasource.hikari.connection-timeout=2000";
        return new SpringApplicationBuilder(LedgerlinePlatform.class).run(all);
    }
}
