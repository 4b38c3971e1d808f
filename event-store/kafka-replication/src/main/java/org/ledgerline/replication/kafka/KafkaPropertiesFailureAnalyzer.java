package org.ledgerline.replication.kafka;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** The configured Kafka client properties cannot be used: a reserved key, or an unreadable properties file. */
class KafkaPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<KafkaPropertiesException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, KafkaPropertiesException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Fix ledgerline.kafka.properties.* (env LEDGERLINE_KAFKA_PROPERTIES_<KEY>) or the "
                        + "file named by LEDGERLINE_KAFKA_PROPERTIES_FILE; see "
                        + "docs/kafka-replication.md, \"Connecting to a managed Kafka\".",
                cause);
    }
}
