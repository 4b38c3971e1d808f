package org.ledgerline.eventstore.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The Kafka replicator, when a Kafka cluster is configured and {@code ledgerline.replication.enabled} is not false:
 * a pooled streaming processor over the event store with a JDBC dead-letter queue for poison events.
 */
@AutoConfiguration(after = KafkaConnectionAutoConfiguration.class,
        afterName = "org.ledgerline.eventstore.config.EventStoreAutoConfiguration")
@ConditionalOnBean(KafkaConnection.class)
@ConditionalOnProperty(name = "ledgerline.replication.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(ReplicationProperties.class)
public class ReplicationAutoConfiguration {

    @Bean
    ReplicationStatus replicationStatus() {
        return new ReplicationStatus(Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    Producer<String, byte[]> replicationProducer(KafkaConnection connection, ReplicationProperties properties) {
        int timeout = (int) Math.min(Integer.MAX_VALUE, properties.ackTimeout().toMillis());
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 65_536,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeout, 10_000),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Math.max(timeout, 15_000),
                ProducerConfig.CLIENT_ID_CONFIG, "ledgerline-replicator"),
                new StringSerializer(), new ByteArraySerializer());
    }

    @Bean(destroyMethod = "close")
    Topics replicationTopics(ReplicationProperties properties, KafkaConnection connection) {
        return new Topics(properties, connection);
    }

    @Bean
    KafkaReplicator kafkaReplicator(Producer<String, byte[]> replicationProducer, Topics replicationTopics,
                                    Serializer serializer, ReplicationProperties properties,
                                    ReplicationStatus status, ObjectProvider<OpenTelemetry> openTelemetry,
                                    ObjectProvider<MeterRegistry> meters) {
        return new KafkaReplicator(replicationProducer, replicationTopics, serializer, properties, status,
                                   openTelemetry.getIfAvailable(OpenTelemetry::noop),
                                   meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** The replicator's processor: pooled streaming, one segment (one ordered stream), poison events dead-lettered. */
    @Bean
    ConfigurerModule kafkaReplicatorProcessor(ReplicationProperties properties, ConnectionProvider connections,
                                              TransactionManager transactions, Serializer serializer) {
        return configurer -> configurer.eventProcessing()
                .registerPooledStreamingEventProcessor(
                        KafkaReplicator.PROCESSING_GROUP, Configuration::eventStore,
                        (config, builder) -> builder.batchSize(properties.batchSize()).initialSegmentCount(1)
                                                    .maxClaimedSegments(1))
                .registerDeadLetterQueue(KafkaReplicator.PROCESSING_GROUP,
                                         config -> JdbcSequencedDeadLetterQueue.builder()
                                                 .processingGroup(KafkaReplicator.PROCESSING_GROUP)
                                                 .connectionProvider(connections)
                                                 .transactionManager(transactions)
                                                 .schema(DeadLetterSchema.defaultSchema())
                                                 .genericSerializer(serializer)
                                                 .eventSerializer(serializer)
                                                 .build());
    }

    @Bean
    ReplicationMonitor replicationMonitor(JdbcTemplate jdbc, ObjectProvider<EventProcessingConfiguration> processing,
                                          ReplicationStatus status, ObjectProvider<MeterRegistry> meters,
                                          @Value("${ledgerline.replication.monitor-interval:5s}") Duration interval) {
        return new ReplicationMonitor(jdbc, processing, status, Clock.systemUTC(), interval,
                                      meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean("replication")
    ReplicationHealthIndicator replicationHealthIndicator(ReplicationStatus status,
                                                          ReplicationProperties properties) {
        return new ReplicationHealthIndicator(status, properties);
    }
}
