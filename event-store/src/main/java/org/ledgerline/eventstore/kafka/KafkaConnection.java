package org.ledgerline.eventstore.kafka;

/**
 * The Kafka cluster the platform replicates to.
 *
 * @param bootstrapServers comma-separated host:port list
 * @param embedded         whether it is the platform's own in-process dev broker
 */
public record KafkaConnection(String bootstrapServers, boolean embedded) {

    public KafkaConnection {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("Kafka bootstrap servers are required");
        }
    }
}
