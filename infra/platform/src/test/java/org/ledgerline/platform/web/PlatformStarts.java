package org.ledgerline.platform.web;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ledgerline.platform.LedgerlinePlatform;
import org.ledgerline.testsupport.TestInfrastructure;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the whole platform as a process would (several times in one test: restarts, key rotations) on the test
 * JVM's PostgreSQL and Kafka, with a random port and its data directory under target/.
 */
final class PlatformStarts {

    private PlatformStarts() {}

    static ConfigurableApplicationContext start(String database, Path dataDirectory, Map<String, String> settings) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + database,
                "--spring.datasource.username=" + TestInfrastructure.postgres().username(),
                "--spring.datasource.password=" + TestInfrastructure.postgres().password(),
                "--ledgerline.embedded.enabled=false",
                "--ledgerline.embedded.data-directory=" + dataDirectory,
                "--ledgerline.kafka.bootstrap-servers=" + TestInfrastructure.kafkaBootstrapServers(),
                "--ledgerline.admin.email=",
                "--server.port=0",
                "--axon.update-check.disabled=true",
                "--axon.console.disable-axoniq-console-message=true"));
        settings.forEach((name, value) -> args.add("--" + name + "=" + value));
        return new SpringApplicationBuilder(LedgerlinePlatform.class).run(args.toArray(String[]::new));
    }

    static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    static Path dataDirectory(String name) {
        return Path.of("target", "ledgerline-data", name + "-" + java.util.UUID.randomUUID())
                .toAbsolutePath();
    }
}
