package org.ledgerline.replication.kafka;

import java.time.Duration;

/** The configured Kafka cluster did not answer at start-up. */
public class KafkaUnreachableException extends IllegalStateException {

    private final String bootstrapServers;

    KafkaUnreachableException(String bootstrapServers, Duration timeout, Throwable cause) {
        super("Kafka at " + bootstrapServers + " did not answer within " + timeout.toSeconds() + " s", cause);
        this.bootstrapServers = bootstrapServers;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }
}
