package org.ledgerline.replication.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.ledgerline.eventstore.DeadLetterTransactions;
import org.ledgerline.eventstore.EventContract;
import org.ledgerline.eventstore.StreamingProcessors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The Kafka replicator, when a Kafka cluster is configured and {@code ledgerline.replication.enabled} is not false:
 * a tracking processor over the event store with a JDBC dead-letter queue for poison events.
 */
@AutoConfiguration(
        after = KafkaConnectionAutoConfiguration.class,
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
    ReplicationProducer replicationProducer(KafkaConnection connection, ReplicationProperties properties) {
        return ReplicationProducer.kafka(connection, properties);
    }

    @Bean(destroyMethod = "close")
    Topics replicationTopics(
            ReplicationProperties properties, EventContract eventContract, KafkaConnection connection) {
        return new Topics(properties, eventContract, connection);
    }

    /** Traces go to the application's OpenTelemetry, else to the global one (an agent's), else nowhere. */
    @Bean
    KafkaReplicator kafkaReplicator(
            ReplicationProducer replicationProducer,
            Topics replicationTopics,
            Serializer serializer,
            ReplicationProperties properties,
            ReplicationStatus status,
            ObjectProvider<OpenTelemetry> openTelemetry,
            ObjectProvider<MeterRegistry> meters) {
        return new KafkaReplicator(
                replicationProducer,
                replicationTopics,
                serializer,
                properties,
                status,
                openTelemetry.getIfAvailable(GlobalOpenTelemetry::get),
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /**
     * The replicator's processor: a tracking processor with one segment (one ordered stream) and poison events
     * dead-lettered. Tracking, not pooled: on Axon's embedded event store a pooled processor polls for new events
     * every 500 ms, a tracking one is woken by the commit (append-to-Kafka lag p50 ~300 ms vs a few ms).
     */
    @Bean
    ConfigurerModule kafkaReplicatorProcessor(
            ReplicationProperties properties,
            ConnectionProvider connections,
            TransactionManager transactions,
            Serializer serializer,
            DeadLetterTransactions deadLetters) {
        return StreamingProcessors.trackingWithDeadLetters(
                KafkaReplicator.PROCESSING_GROUP,
                properties.batchSize(),
                1,
                connections,
                transactions,
                serializer,
                deadLetters);
    }

    @Bean
    Republisher republisher(
            EventStorageEngine storage,
            JdbcTemplate jdbc,
            Serializer serializer,
            Topics replicationTopics,
            KafkaConnection connection,
            ReplicationProperties properties,
            ObjectProvider<OpenTelemetry> openTelemetry,
            ObjectProvider<MeterRegistry> meters) {
        return new Republisher(
                storage,
                jdbc,
                serializer,
                replicationTopics,
                connection,
                properties,
                openTelemetry.getIfAvailable(GlobalOpenTelemetry::get),
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    ReplicationMonitor replicationMonitor(
            JdbcTemplate jdbc,
            Serializer serializer,
            ReplicationStatus status,
            ObjectProvider<MeterRegistry> meters,
            ReplicationProperties properties) {
        return new ReplicationMonitor(
                jdbc,
                serializer,
                status,
                Clock.systemUTC(),
                properties.monitorInterval(),
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    IdempotentEventConsumer idempotentEventConsumer(
            JdbcTemplate jdbc, org.springframework.transaction.PlatformTransactionManager tx) {
        return new IdempotentEventConsumer(jdbc, tx);
    }

    @Bean("replication")
    ReplicationHealthIndicator replicationHealthIndicator(ReplicationStatus status, ReplicationProperties properties) {
        return new ReplicationHealthIndicator(status, properties);
    }
}
