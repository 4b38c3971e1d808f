package org.ledgerline.replication.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;

/** The start-up check and health of the Kafka cluster (configured, or the embedded one). */
@AutoConfiguration(
        after = KafkaConnectionAutoConfiguration.class,
        // By name: the platform's embedded broker must be up first, and this module cannot see the platform.
        afterName = "org.ledgerline.platform.embedded.EmbeddedServicesAutoConfiguration")
@ConditionalOnBean(KafkaConnection.class)
public class KafkaAutoConfiguration {

    /** The one Admin client of the start-up check and health, closed at shutdown. */
    @Bean(destroyMethod = "close")
    KafkaProbe kafkaProbe(KafkaConnection connection, KafkaClientProperties kafka) {
        return new KafkaProbe(connection, kafka.healthTimeout());
    }

    @Bean
    KafkaStartupCheck kafkaStartupCheck(
            KafkaConnection connection, KafkaProbe kafkaProbe, KafkaClientProperties kafka) {
        return new KafkaStartupCheck(connection, kafkaProbe, kafka.startupTimeout());
    }

    @Bean("kafka")
    KafkaHealthIndicator kafkaHealthIndicator(
            KafkaConnection connection,
            KafkaProbe kafkaProbe,
            KafkaClientProperties kafka,
            ObjectProvider<MeterRegistry> meters) {
        return new KafkaHealthIndicator(
                connection,
                kafkaProbe,
                kafka.healthTimeout(),
                kafka.healthCache(),
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }
}
