package org.ledgerline.replication.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MultiHandlerDefinition;
import org.axonframework.messaging.annotation.MultiHandlerEnhancerDefinition;
import org.axonframework.messaging.timeout.HandlerTimeoutHandlerEnhancerDefinition;
import org.axonframework.serialization.Serializer;
import org.ledgerline.eventstore.DeadLetterTransactions;
import org.ledgerline.eventstore.EventContract;
import org.ledgerline.eventstore.PrefetchingEventSource;
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

    /** Reads of one batch each that the replicator's reader keeps ready ahead of its processor. */
    static final int PREFETCH_DEPTH = 4;

    /** How often the replicator's reader at the head looks for commits of other nodes (this node's wake it). */
    static final Duration IDLE_POLL = Duration.ofMillis(100);

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
     * every 500 ms, a tracking one is woken by the commit (append-to-Kafka lag p50 ~300 ms vs a few ms). It reads
     * through a {@link PrefetchingEventSource} (ADR 0002): the store's reads run on a thread of their own, a batch
     * ahead of the processor's sends and acknowledgement waits, without binding payloads (the replicator sends the
     * stored bytes); at the head it is woken by this node's commits and polls every {@link #IDLE_POLL} for other
     * nodes'.
     */
    @Bean
    ConfigurerModule kafkaReplicatorProcessor(
            ReplicationProperties properties,
            ConnectionProvider connections,
            TransactionManager transactions,
            Serializer serializer,
            DeadLetterTransactions deadLetters,
            ObjectProvider<EventStorageEngine> storage) {
        // The engine is looked up when the processor is built: it depends on Axon's configuration, which this module
        // is part of.
        return StreamingProcessors.trackingWithDeadLetters(
                KafkaReplicator.PROCESSING_GROUP,
                properties.batchSize(),
                1,
                connections,
                transactions,
                serializer,
                deadLetters,
                config -> replicatorSource(storage.getObject(), config.eventStore(), properties));
    }

    /** A prefetching source over Ledgerline's commit-ordered engine; the event store itself over any other. */
    static StreamableMessageSource<TrackedEventMessage<?>> replicatorSource(
            EventStorageEngine storage, EventStore eventStore, ReplicationProperties properties) {
        Optional<PrefetchingEventSource> prefetching =
                PrefetchingEventSource.over(storage, properties.batchSize(), PREFETCH_DEPTH, false, true, IDLE_POLL);
        return prefetching.isPresent() ? prefetching.get() : eventStore;
    }

    /**
     * The replicator's handler without Axon's per-handler timeout (Spring Boot's {@code axon.timeout.handler.events},
     * 30 s): around every event it formats a task name, takes the thread's whole stack trace and schedules and cancels
     * a warning, which was 16 % of the replicator's processor thread during a catch-up (JFR). Its time is bounded
     * without it: a send blocks at most {@code max.block.ms}, the acknowledgement wait has its deadline
     * ({@code ack-timeout}), and Axon's per-batch timeout of the processor's unit of work stays. Every other handler
     * keeps the application's handler definition as it is; the replicator's keeps every other enhancer (tracing
     * among them).
     */
    @Bean
    ConfigurerModule kafkaReplicatorWithoutHandlerTimeout(HandlerDefinition handlerDefinition) {
        HandlerDefinition replicatorDefinition = withoutHandlerTimeouts(handlerDefinition);
        return configurer -> configurer.registerHandlerDefinition((config, type) ->
                KafkaReplicator.class.isAssignableFrom(type) ? replicatorDefinition : handlerDefinition);
    }

    static HandlerDefinition withoutHandlerTimeouts(HandlerDefinition definition) {
        return definition instanceof MultiHandlerDefinition multi
                ? new MultiHandlerDefinition(
                        multi.getDelegates(), withoutHandlerTimeouts(multi.getHandlerEnhancerDefinition()))
                : definition;
    }

    private static HandlerEnhancerDefinition withoutHandlerTimeouts(HandlerEnhancerDefinition enhancer) {
        if (enhancer instanceof HandlerTimeoutHandlerEnhancerDefinition) {
            return new MultiHandlerEnhancerDefinition();
        }
        if (enhancer instanceof MultiHandlerEnhancerDefinition multi) {
            return new MultiHandlerEnhancerDefinition(multi.getDelegates().stream()
                    .map(ReplicationAutoConfiguration::withoutHandlerTimeouts)
                    .toList());
        }
        return enhancer;
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
