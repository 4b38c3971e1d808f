package org.ledgerline.platform.kafka;

import java.time.Duration;
import org.ledgerline.eventstore.kafka.KafkaConnection;
import org.ledgerline.platform.embedded.EmbeddedServicesAutoConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;

/** The start-up check and health of the Kafka cluster (configured, or the embedded one). */
@AutoConfiguration(after = EmbeddedServicesAutoConfiguration.class,
        afterName = "org.ledgerline.eventstore.kafka.KafkaConnectionAutoConfiguration")
@ConditionalOnBean(KafkaConnection.class)
public class KafkaAutoConfiguration {

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
