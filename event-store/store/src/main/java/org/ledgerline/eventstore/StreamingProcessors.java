package org.ledgerline.eventstore;

import java.util.List;
import java.util.function.Function;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.ledgerline.eventstore.jdbc.EventHorizon;
import org.ledgerline.eventstore.jdbc.NonAppendingTransactionManager;
import org.ledgerline.eventstore.jdbc.ParkingDeadLetterQueue;

/**
 * How Ledgerline runs its event processors: a tracking processor per processing group (woken by each commit; Axon's
 * pooled processor polls the embedded store every 500 ms) with a per-sequence JDBC dead-letter queue, so one bad
 * event holds back only its own aggregate's later events; a poison event whose handler aborted the batch's transaction
 * is parked in a transaction of its own ({@link ParkingDeadLetterQueue}). Their transactions append no events and say
 * so, so a long batch does not hold back what other readers see ({@link EventHorizon}).
 */
public final class StreamingProcessors {

    private StreamingProcessors() {}

    /** An event processor's transactions: they append no events and say so ({@link NonAppendingTransactionManager}). */
    public static TransactionManager nonAppending(TransactionManager transactions, ConnectionProvider connections) {
        return new NonAppendingTransactionManager(transactions, connections);
    }

    /**
     * One tracking processor for one processing group, reading from {@code source} (e.g. a
     * {@link PrefetchingEventSource}, whose reads run on a thread of their own ahead of the processor).
     */
    public static ConfigurerModule trackingWithDeadLetters(
            String group,
            int batchSize,
            int segments,
            ConnectionProvider connections,
            TransactionManager transactions,
            Serializer serializer,
            DeadLetterTransactions own,
            Function<Configuration, ? extends StreamableMessageSource<TrackedEventMessage<?>>> source) {
        return trackingWithDeadLetters(
                group, List.of(group), batchSize, segments, connections, transactions, serializer, own, source);
    }

    /** One tracking processor for several processing groups, reading from the event store (see below). */
    public static ConfigurerModule trackingWithDeadLetters(
            String processor,
            List<String> groups,
            int batchSize,
            int segments,
            ConnectionProvider connections,
            TransactionManager transactions,
            Serializer serializer,
            DeadLetterTransactions own) {
        return trackingWithDeadLetters(
                processor,
                groups,
                batchSize,
                segments,
                connections,
                transactions,
                serializer,
                own,
                Configuration::eventStore);
    }

    /**
     * One tracking processor, {@code processor}, for several processing groups: one read of the store, one
     * transaction and one token update per batch for all of them, while each group keeps a dead-letter queue of its
     * own (Axon gives every group of a processor its own dead-lettering invoker), so a poison event parks only in
     * the group whose handler failed and the other groups apply it.
     */
    public static ConfigurerModule trackingWithDeadLetters(
            String processor,
            List<String> groups,
            int batchSize,
            int segments,
            ConnectionProvider connections,
            TransactionManager transactions,
            Serializer serializer,
            DeadLetterTransactions own,
            Function<Configuration, ? extends StreamableMessageSource<TrackedEventMessage<?>>> source) {
        return configurer -> {
            EventProcessingConfigurer processing = configurer
                    .eventProcessing()
                    .registerTrackingEventProcessor(
                            processor,
                            source::apply,
                            config -> TrackingEventProcessorConfiguration.forParallelProcessing(segments)
                                    .andInitialSegmentsCount(segments)
                                    .andBatchSize(batchSize))
                    .registerTransactionManager(processor, config -> nonAppending(transactions, connections));
            for (String group : groups) {
                if (!group.equals(processor)) {
                    processing.assignProcessingGroup(group, processor);
                }
                deadLettersOf(processing, group, connections, transactions, serializer, own);
            }
        };
    }

    private static void deadLettersOf(
            EventProcessingConfigurer processing,
            String group,
            ConnectionProvider connections,
            TransactionManager transactions,
            Serializer serializer,
            DeadLetterTransactions own) {
        processing
                .registerDeadLetterQueue(
                        group,
                        config -> new ParkingDeadLetterQueue(
                                group,
                                deadLetters(group, connections, transactions, serializer),
                                // Straight to Spring, not through the unit of work's connection: a new transaction's
                                // own.
                                deadLetters(
                                        group,
                                        new SpringDataSourceConnectionProvider(own.dataSource()),
                                        new SpringTransactionManager(own.transactionManager()),
                                        serializer),
                                own.transactionManager(),
                                own.dataSource(),
                                own.meters()))
                // Without the cache every event costs a query asking whether its aggregate has dead letters.
                .registerDeadLetteringEventHandlerInvokerConfiguration(
                        group,
                        (config, builder) ->
                                builder.enableSequenceIdentifierCache().sequenceIdentifierCacheSize(10_000));
    }

    private static JdbcSequencedDeadLetterQueue<EventMessage<?>> deadLetters(
            String group, ConnectionProvider connections, TransactionManager transactions, Serializer serializer) {
        return JdbcSequencedDeadLetterQueue.<EventMessage<?>>builder()
                .processingGroup(group)
                .connectionProvider(connections)
                .transactionManager(transactions)
                .schema(DeadLetterSchema.defaultSchema())
                .genericSerializer(serializer)
                .eventSerializer(serializer)
                .build();
    }
}
