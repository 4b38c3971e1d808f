package org.ledgerline.replication.kafka;

/** Kafka did not take a batch; the batch rolls back and is sent again. Never dead-lettered. */
public class KafkaUnavailableException extends RuntimeException {

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
