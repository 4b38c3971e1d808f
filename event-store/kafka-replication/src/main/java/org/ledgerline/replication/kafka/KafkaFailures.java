package org.ledgerline.replication.kafka;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Turns a Kafka client failure into one sentence an operator can act on, for health and the replication status. The
 * sentence never carries the exception's own text (which can name brokers, addresses or principals), only its
 * classification and, for the unclassified rest, the exception's type.
 */
public final class KafkaFailures {

    public static final String AUTHENTICATION_MESSAGE = "Kafka refused the platform's credentials (SASL authentication "
            + "failed): check ledgerline.kafka.properties (sasl.mechanism, sasl.jaas.config) or the file named by "
            + "ledgerline.kafka.properties-file";
    public static final String TLS_MESSAGE = "The TLS handshake with Kafka failed: check the trust store and key store "
            + "in ledgerline.kafka.properties (ssl.truststore.*, ssl.keystore.*) or the file named by "
            + "ledgerline.kafka.properties-file";
    public static final String AUTHORIZATION_MESSAGE = "Kafka refused an operation to the platform's principal (not "
            + "authorized): grant it the ACLs listed in docs/kafka-replication.md";
    public static final String TIMEOUT_MESSAGE = "Kafka did not answer in time";

    private KafkaFailures() {}

    /**
     * A classified failure.
     *
     * @param reason  {@code authentication}, {@code tls}, {@code authorization}, {@code timeout} or {@code unavailable}
     * @param message one sentence without the exception's own text
     */
    public record Classified(String reason, String message) {}

    public static Classified classify(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SslAuthenticationException) {
                return new Classified("tls", TLS_MESSAGE);
            }
            if (cause instanceof AuthenticationException) {
                return new Classified("authentication", AUTHENTICATION_MESSAGE);
            }
            if (cause instanceof AuthorizationException) {
                return new Classified("authorization", AUTHORIZATION_MESSAGE);
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof java.util.concurrent.TimeoutException
                    || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                return new Classified("timeout", TIMEOUT_MESSAGE);
            }
        }
        Throwable root = failure;
        while (root != null
                && root.getCause() != null
                && root.getCause() != root
                && root instanceof KafkaUnavailableException) {
            root = root.getCause();
        }
        return new Classified(
                "unavailable",
                "Kafka did not take the request ("
                        + (root == null ? "unknown" : root.getClass().getSimpleName()) + ")");
    }
}
