package org.ledgerline.replication.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;

/**
 * Asks the Kafka cluster who it is, within a deadline, for the start-up check and health. One Admin client, created on
 * first use with the configured client properties (TLS, SASL, ...) and kept until shutdown: an Admin client per call
 * costs a connection, a metadata round trip and (with SASL) an authentication each time.
 */
final class KafkaProbe implements AutoCloseable {

    private final KafkaConnection connection;
    private final Duration requestTimeout;
    private final Function<Map<String, Object>, Admin> adminFactory;
    private final AtomicInteger adminsCreated = new AtomicInteger();
    private Admin admin;
    private boolean closed;

    KafkaProbe(KafkaConnection connection, Duration requestTimeout) {
        this(connection, requestTimeout, Admin::create);
    }

    KafkaProbe(KafkaConnection connection, Duration requestTimeout, Function<Map<String, Object>, Admin> adminFactory) {
        this.connection = connection;
        this.requestTimeout = requestTimeout;
        this.adminFactory = adminFactory;
    }

    /** The cluster id and the number of brokers; throws when the cluster does not answer within {@code timeout}. */
    ClusterInfo describe(Duration timeout) throws Exception {
        int millis = (int) Math.max(1000, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        DescribeClusterResult cluster = admin().describeCluster(new DescribeClusterOptions().timeoutMs(millis));
        String clusterId = cluster.clusterId().get(millis, TimeUnit.MILLISECONDS);
        int brokers = cluster.nodes().get(millis, TimeUnit.MILLISECONDS).size();
        return new ClusterInfo(clusterId, brokers);
    }

    /** The probe's Admin settings: the configured client properties, with the probe's own timeouts fixed. */
    static Map<String, Object> config(KafkaConnection connection, Duration requestTimeout) {
        int millis = (int) Math.max(1000, Math.min(Integer.MAX_VALUE, requestTimeout.toMillis()));
        return connection.clientConfig(
                "health",
                Map.of(),
                Map.of(
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Math.max(millis, 60_000),
                        AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, millis,
                        AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, millis,
                        AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000));
    }

    private synchronized Admin admin() {
        if (closed) {
            throw new IllegalStateException("The Kafka probe is closed");
        }
        if (admin == null) {
            admin = adminFactory.apply(config(connection, requestTimeout));
            adminsCreated.incrementAndGet();
        }
        return admin;
    }

    /** How many Admin clients this probe created (one, once used). */
    int adminsCreated() {
        return adminsCreated.get();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }

    record ClusterInfo(String clusterId, int brokers) {}
}
