package org.ledgerline.order.boundaryfixture;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A deliberate boundary violation, seen only by {@code ModuleBoundariesTest}: order code outside its web package
 * speaking Kafka.
 */
public class DomainCodeWithKafka {

    ProducerRecord<String, String> record(String orderId) {
        return new ProducerRecord<>("orders", orderId, orderId);
    }
}
