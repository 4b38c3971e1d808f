package org.ledgerline.testsupport;

import java.util.ArrayList;
import java.util.List;
import org.springframework.core.env.Environment;

/**
 * Another node of the platform in a multi-node test: the command-line arguments that put it on the same PostgreSQL
 * and Kafka as the test's own context (node A), with a random port and no embedded infrastructure of its own. They
 * are command-line arguments because those outrank the platform's application.yaml (default properties would not).
 */
public final class SecondNode {

    private SecondNode() {}

    /** Node A's database and Kafka, then {@code settings} ({@code --name=value}: the node's own id, topics, ...). */
    public static String[] arguments(Environment nodeA, String... settings) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + nodeA.getRequiredProperty("spring.datasource.url"),
                "--spring.datasource.username=" + nodeA.getRequiredProperty("spring.datasource.username"),
                "--spring.datasource.password=" + nodeA.getProperty("spring.datasource.password", ""),
                "--ledgerline.kafka.bootstrap-servers="
                        + nodeA.getRequiredProperty("ledgerline.kafka.bootstrap-servers"),
                "--ledgerline.embedded.enabled=false",
                "--server.port=0",
                "--axon.update-check.disabled=true"));
        args.addAll(List.of(settings));
        return args.toArray(String[]::new);
    }

    /**
     * Another node of a module's own test application (no platform, no Kafka) on node A's database: its data source,
     * Flyway as the platform runs it, no Axon Server, a random port, then {@code settings}.
     */
    public static String[] onDatabaseOf(Environment nodeA, String... settings) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + nodeA.getRequiredProperty("spring.datasource.url"),
                "--spring.datasource.username=" + nodeA.getRequiredProperty("spring.datasource.username"),
                "--spring.datasource.password=" + nodeA.getProperty("spring.datasource.password", ""),
                "--spring.flyway.out-of-order=true",
                "--server.port=0",
                "--axon.update-check.disabled=true",
                "--axon.axonserver.enabled=false",
                "--axon.console.disable-axoniq-console-message=true"));
        args.addAll(List.of(settings));
        return args.toArray(String[]::new);
    }
}
