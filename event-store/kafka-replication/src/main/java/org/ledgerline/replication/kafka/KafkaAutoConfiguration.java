package org.ledgerline.replication.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;

/** The start-up check and health of the Kafka cluster (configured, or the embedded one). */
@AutoConfiguration(after = KafkaConnectionAutoConfiguration.class,
        // By name: the platform's embedded broker must be up first, and this module cannot see the platform.
        afterName = "org.ledgerline.platform.embedded.EmbeddedServicesAutoConfiguration")
@ConditionalOnBean(KafkaConnection.class)
public class KafkaAutoConfiguration {

    /** The one Admin client of the start-up check and health, closed at shutdown. */
    @Bean(destroyMethod = "close")
    KafkaProbe kafkaProbe(KafkaConnection connection,
                          @Value("${ledgerline.kafka.health-timeout:3s}") Duration timeout) {
        return new KafkaProbe(connection, timeout);
    }

    @Bean
    KafkaStartupCheck kafkaStartupCheck(KafkaConnection connection, KafkaProbe kafkaProbe,
                                        @Value("${ledgerline.kafka.startup-timeout:15s}") Duration timeout) {
        return new KafkaStartupCheck(connection, kafkaProbe, timeout);
    }

    @Bean("kafka")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaConnection connection, KafkaProbe kafkaProbe,
                                              @Value("${ledgerline.kafka.health-timeout:3s}") Duration timeout,
                                              @Value("${ledgerline.kafka.health-cache:2s}") Duration cache,
                                              ObjectProvider<MeterRegistry> meters) {
        return new KafkaHealthIndicator(connection, kafkaProbe, timeout, cache,
                                        meters.getIfAvailable(SimpleMeterRegistry::new));
    }
}
