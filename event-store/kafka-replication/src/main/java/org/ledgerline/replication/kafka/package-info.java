/**
 * The event store's replica on Kafka: a streaming processor reads the store in commit order and produces each event
 * to its context's topic (key = aggregate id, CloudEvents headers), advancing its token only after Kafka has
 * acknowledged the batch. Also the connection to the cluster: client properties, the start-up check, health and the
 * failure analysers of a broker that does not answer or is misconfigured. See {@code docs/kafka-replication.md}.
 */
package org.ledgerline.replication.kafka;
