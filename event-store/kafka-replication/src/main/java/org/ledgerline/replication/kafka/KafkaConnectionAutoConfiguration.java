package org.ledgerline.replication.kafka;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * The Kafka cluster named by {@code ledgerline.kafka.bootstrap-servers} with the client properties of
 * {@code ledgerline.kafka.properties.*} / {@code ledgerline.kafka.properties-file}, unless something earlier (the
 * platform's embedded broker) already provides the connection.
 */
@AutoConfiguration(afterName = "org.ledgerline.platform.embedded.EmbeddedServicesAutoConfiguration")
@EnableConfigurationProperties(KafkaClientProperties.class)
public class KafkaConnectionAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @Conditional(KafkaConfigured.class)
    KafkaConnection kafkaConnection(KafkaClientProperties clientProperties) {
        return new KafkaConnection(clientProperties.bootstrapServers().trim(), false, clientProperties.resolve());
    }
}
