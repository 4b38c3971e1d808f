package org.ledgerline.replication.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;

/** The Kafka health check asks through one Admin client, at most once per cache period, and leaks nothing. */
class KafkaHealthIndicatorTest {

    private static final String SERVERS = "broker-1.internal.example:9093";
    private final KafkaConnection connection = new KafkaConnection(
            SERVERS,
            false,
            Map.of(
                    "security.protocol",
                    "SASL_SSL",
                    "sasl.mechanism",
                    "PLAIN",
                    "sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required "
                            + "username=\"u\" password=\"p4ss\";"));
    private final Admin admin = mock(Admin.class);
    private final AtomicInteger adminsCreated = new AtomicInteger();
    private final AtomicLong now = new AtomicLong();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void many_checks_share_one_admin_client_which_carries_the_client_properties_and_is_closed_at_shutdown() {
        answering();
        KafkaProbe probe = probe();
        KafkaHealthIndicator health = indicator(probe, Duration.ZERO);
        for (int i = 0; i < 20; i++) {
            now.addAndGet(1);
            assertThat(health.health().getStatus().getCode()).isEqualTo("UP");
        }
        assertThat(adminsCreated).hasValue(1);
        verify(admin, times(20)).describeCluster(any(DescribeClusterOptions.class));
        probe.close();
        verify(admin).close(any(Duration.class));
    }

    @Test
    void a_probe_storm_within_the_cache_period_asks_kafka_once() {
        answering();
        KafkaHealthIndicator health = indicator(probe(), Duration.ofSeconds(2));
        for (int i = 0; i < 50; i++) {
            health.health();
        }
        verify(admin, times(1)).describeCluster(any(DescribeClusterOptions.class));
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        health.health();
        verify(admin, times(2)).describeCluster(any(DescribeClusterOptions.class));
        assertThat(meters.get("ledgerline.kafka.health.checks")
                        .tag("outcome", "up")
                        .counter()
                        .count())
                .isEqualTo(2);
    }

    @Test
    void refused_credentials_are_a_clear_degraded_status_without_addresses_or_raw_error_text() {
        KafkaFutureImpl<String> refused = new KafkaFutureImpl<>();
        refused.completeExceptionally(new SaslAuthenticationException(
                "Authentication failed during authentication due to invalid credentials with SASL mechanism PLAIN "
                        + "at " + SERVERS));
        DescribeClusterResult result = mock(DescribeClusterResult.class);
        when(result.clusterId()).thenReturn(refused);
        when(admin.describeCluster(any(DescribeClusterOptions.class))).thenReturn(result);

        Health health = indicator(probe(), Duration.ZERO).health();

        assertThat(health.getStatus()).isEqualTo(KafkaHealthIndicator.DEGRADED);
        assertThat(health.getDetails())
                .containsEntry("error", KafkaFailures.AUTHENTICATION_MESSAGE)
                .containsEntry("reason", "authentication");
        assertThat(health.getDetails().get("error").toString())
                .startsWith("Kafka refused the platform's credentials (SASL authentication failed): check "
                        + "ledgerline.kafka.properties");
        assertThat(health.getDetails().toString())
                .doesNotContain(SERVERS)
                .doesNotContain("9093")
                .doesNotContain("invalid credentials")
                .doesNotContain("p4ss");
    }

    @Test
    void the_probe_admin_gets_the_configured_client_properties_and_its_own_timeouts() {
        Map<String, Object> config = KafkaProbe.config(connection, Duration.ofSeconds(3));
        assertThat(config)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("bootstrap.servers", SERVERS)
                .containsEntry("request.timeout.ms", 3000)
                .containsEntry("client.id", "ledgerline-health");
        assertThat(config.get("sasl.jaas.config").toString()).contains("PlainLoginModule");
    }

    private void answering() {
        DescribeClusterResult result = mock(DescribeClusterResult.class);
        when(result.clusterId()).thenReturn(KafkaFuture.completedFuture("cluster-1"));
        when(result.nodes()).thenReturn(KafkaFuture.completedFuture(List.of(new Node(1, "h", 9092))));
        when(admin.describeCluster(any(DescribeClusterOptions.class))).thenReturn(result);
    }

    private KafkaProbe probe() {
        return new KafkaProbe(connection, Duration.ofSeconds(3), config -> {
            assertThat(config).containsKey("sasl.jaas.config");
            adminsCreated.incrementAndGet();
            return admin;
        });
    }

    private KafkaHealthIndicator indicator(KafkaProbe probe, Duration cache) {
        return new KafkaHealthIndicator(connection, probe, Duration.ofSeconds(3), cache, meters, now::get);
    }
}
