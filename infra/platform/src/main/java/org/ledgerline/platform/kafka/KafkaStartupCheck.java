package org.ledgerline.platform.kafka;

import java.time.Duration;
import org.ledgerline.eventstore.kafka.KafkaConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * A configured broker that does not answer at start-up is a configuration mistake: stop with a clear message rather
 * than run with replication silently stalled. (Once running, a Kafka outage only degrades replication.)
 */
class KafkaStartupCheck implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(KafkaStartupCheck.class);

    private final KafkaConnection connection;
    private final Duration timeout;

    KafkaStartupCheck(KafkaConnection connection, Duration timeout) {
        this.connection = connection;
        this.timeout = timeout;
    }

    @Override
    public void afterPropertiesSet() {
        try {
            KafkaProbe.ClusterInfo cluster = KafkaProbe.describe(connection.bootstrapServers(), timeout);
            log.info("Kafka cluster {} at {} answers ({} broker(s))", cluster.clusterId(),
                     connection.bootstrapServers(), cluster.brokers());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new KafkaUnreachableException(connection.bootstrapServers(), timeout, e);
        }
    }
}
