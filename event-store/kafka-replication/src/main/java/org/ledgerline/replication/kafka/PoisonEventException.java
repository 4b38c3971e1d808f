package org.ledgerline.replication.kafka;

/**
 * An event that cannot become a Kafka record (its stored payload does not read). It goes to the dead-letter queue with
 * this reason instead of blocking the stream; later events of its aggregate queue behind it to keep their order.
 */
public class PoisonEventException extends RuntimeException {

    public PoisonEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
