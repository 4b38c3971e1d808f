package org.ledgerline.platform.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;

/** Asks a Kafka cluster who it is, within a deadline. */
final class KafkaProbe {

    private KafkaProbe() {
    }

    /** The cluster id and the number of brokers; throws when the cluster does not answer in time. */
    static ClusterInfo describe(String bootstrapServers, Duration timeout) throws Exception {
        int millis = (int) Math.max(1000, timeout.toMillis());
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
                AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, millis,
                AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, millis,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000))) {
            DescribeClusterResult cluster = admin.describeCluster();
            String clusterId = cluster.clusterId().get(millis, TimeUnit.MILLISECONDS);
            int brokers = cluster.nodes().get(millis, TimeUnit.MILLISECONDS).size();
            return new ClusterInfo(clusterId, brokers);
        }
    }

    record ClusterInfo(String clusterId, int brokers) {
    }
}
