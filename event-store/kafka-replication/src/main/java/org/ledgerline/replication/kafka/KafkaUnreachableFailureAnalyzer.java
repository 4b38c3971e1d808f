package org.ledgerline.replication.kafka;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** The configured Kafka cluster did not answer at start-up. */
class KafkaUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<KafkaUnreachableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, KafkaUnreachableException cause) {
        return new FailureAnalysis(
                "Cannot reach Kafka at " + cause.bootstrapServers() + ": " + cause.getMessage(),
                "Start that broker, or point ledgerline.kafka.bootstrap-servers (env "
                        + "LEDGERLINE_KAFKA_BOOTSTRAP_SERVERS) at one that runs. Leave it unset to use the embedded "
                        + "broker.",
                cause);
    }
}
