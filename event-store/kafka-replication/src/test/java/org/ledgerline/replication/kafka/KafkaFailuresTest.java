package org.ledgerline.replication.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/** Each Kafka failure becomes one sentence an operator can act on, never the exception's own text. */
class KafkaFailuresTest {

    @Test
    void failures_are_classified_through_their_causes_without_their_text() {
        assertThat(KafkaFailures.classify(new KafkaUnavailableException(
                        "Cannot create topic x: boom",
                        new SaslAuthenticationException("Invalid username or password at 10.1.2.3:9093"))))
                .isEqualTo(new KafkaFailures.Classified("authentication", KafkaFailures.AUTHENTICATION_MESSAGE));
        assertThat(KafkaFailures.classify(new ExecutionException(new SslAuthenticationException("PKIX path ..."))))
                .isEqualTo(new KafkaFailures.Classified("tls", KafkaFailures.TLS_MESSAGE));
        assertThat(KafkaFailures.classify(new TopicAuthorizationException("Not authorized to access topics: [x]")))
                .isEqualTo(new KafkaFailures.Classified("authorization", KafkaFailures.AUTHORIZATION_MESSAGE));
        assertThat(KafkaFailures.classify(new TimeoutException("Timed out waiting for a node at 10.1.2.3")))
                .isEqualTo(new KafkaFailures.Classified("timeout", KafkaFailures.TIMEOUT_MESSAGE));
        KafkaFailures.Classified other = KafkaFailures.classify(new KafkaUnavailableException(
                "Cannot create topic x: replication factor 3 larger than 1 broker at 10.1.2.3",
                new InvalidReplicationFactorException("replication factor 3 larger than 1 broker at 10.1.2.3")));
        assertThat(other.reason()).isEqualTo("unavailable");
        assertThat(other.message())
                .contains("InvalidReplicationFactorException")
                .doesNotContain("10.1.2.3");
    }
}
