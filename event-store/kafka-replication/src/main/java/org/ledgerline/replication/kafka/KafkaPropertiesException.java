package org.ledgerline.replication.kafka;

/** The configured Kafka client properties cannot be used (a reserved key, an unreadable properties file). */
public class KafkaPropertiesException extends IllegalStateException {

    public KafkaPropertiesException(String message) {
        super(message);
    }

    public KafkaPropertiesException(String message, Throwable cause) {
        super(message, cause);
    }
}
