package org.ledgerline.replication.kafka;

import java.time.Duration;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * A configured broker that does not answer at start-up is a configuration mistake: stop with a clear message rather
 * than run with replication silently stalled. (Once running, a Kafka outage only degrades replication.)
 *
 * <p>A broker that answers but refuses the platform's credentials (SASL or TLS authentication, authorization) does not
 * stop the start: Kafka is a replica, the platform takes commands without it, and health and
 * {@code /api/v1/admin/replication} say what to fix while replication waits (ADR 0015).
 */
class KafkaStartupCheck implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(KafkaStartupCheck.class);

    private final KafkaConnection connection;
    private final KafkaProbe probe;
    private final Duration timeout;

    KafkaStartupCheck(KafkaConnection connection, KafkaProbe probe, Duration timeout) {
        this.connection = connection;
        this.probe = probe;
        this.timeout = timeout;
    }

    @Override
    public void afterPropertiesSet() {
        try {
            KafkaProbe.ClusterInfo cluster = probe.describe(timeout);
            log.info(
                    "Kafka cluster {} at {} answers ({} broker(s), {})",
                    cluster.clusterId(),
                    connection.bootstrapServers(),
                    cluster.brokers(),
                    connection.securityProtocol());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (refusedCredentials(e)) {
                log.error(
                        "Kafka at {} answers but refuses the platform: {}. The platform starts and takes commands; "
                                + "replication waits until this is fixed",
                        connection.bootstrapServers(),
                        KafkaFailures.classify(e).message());
                return;
            }
            throw new KafkaUnreachableException(connection.bootstrapServers(), timeout, e);
        }
    }

    private static boolean refusedCredentials(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
                return true;
            }
        }
        return false;
    }
}
