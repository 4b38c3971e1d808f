package org.ledgerline.platform.kafka;

import java.time.Duration;
import org.ledgerline.eventstore.kafka.KafkaConnection;
import org.ledgerline.platform.embedded.EmbeddedServicesAutoConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The configured Kafka cluster (unless the embedded one stands in), its start-up check and its health. */
@AutoConfiguration(after = EmbeddedServicesAutoConfiguration.class)
public class KafkaAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    KafkaConnection kafkaConnection(@Value("${ledgerline.kafka.bootstrap-servers}") String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, false);
    }

    @Bean
    KafkaStartupCheck kafkaStartupCheck(KafkaConnection connection,
                                        @Value("${ledgerline.kafka.startup-timeout:15s}") Duration timeout) {
        return new KafkaStartupCheck(connection, timeout);
    }

    @Bean("kafka")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaConnection connection,
                                              @Value("${ledgerline.kafka.health-timeout:3s}") Duration timeout) {
        return new KafkaHealthIndicator(connection, timeout);
    }
}
