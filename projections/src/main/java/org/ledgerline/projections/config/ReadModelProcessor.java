package org.ledgerline.projections.config;

import java.util.List;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.serialization.Serializer;
import org.ledgerline.eventstore.DeadLetterTransactions;
import org.ledgerline.eventstore.StreamingProcessors;
import org.ledgerline.projections.rebuild.ReadModelWrites;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The read models' live processor (ADR 0025): one tracking processor, {@value #NAME}, runs the processing groups of
 * every read model ({@link #GROUPS}): it reads each batch of events once, applies it to every model in one
 * transaction and moves one token. Each model keeps its processing group, and with it its own dead letters (keyed by
 * the group), its own blue/green rebuild and its own projector; the processor's segments are what the segment
 * balancer spreads over the nodes. Its batches' writes are merged per row and sent just before the batch commits
 * ({@link ReadModelWrites#bufferLiveUntilCommit}), unless {@code ledgerline.projections.merge-live-writes=false}.
 */
@Configuration(proxyBeanMethods = false)
public class ReadModelProcessor {

    /** The processor's name: in the token table, the admin API and {@code ledgerline.processors.balance.processors}. */
    public static final String NAME = "read-models";

    /** The processing groups it runs: one per read model, each named like its model. */
    public static final List<String> GROUPS = List.of("orders", "products", "users");

    @Bean
    ConfigurerModule readModelsProcessor(
            ProjectionProperties properties,
            ConnectionProvider connections,
            TransactionManager transactions,
            Serializer serializer,
            DeadLetterTransactions deadLetters,
            ReadModelWrites writes) {
        ConfigurerModule processor = StreamingProcessors.trackingWithDeadLetters(
                NAME,
                GROUPS,
                properties.batchSize(),
                properties.segments(),
                connections,
                transactions,
                serializer,
                deadLetters);
        if (!properties.mergeLiveWrites()) {
            return processor;
        }
        return configurer -> {
            processor.configureModule(configurer);
            // Each batch's row writes merged per row and sent before it commits (ADR 0006, ADR 0025).
            configurer.eventProcessing().registerHandlerInterceptor(NAME, config -> (unitOfWork, chain) -> {
                writes.bufferLiveUntilCommit(unitOfWork.root());
                return chain.proceed();
            });
        };
    }
}
