/** The platform's connection to Kafka: which cluster, whether it answers at start-up, its health. */
package org.ledgerline.platform.kafka;
