package org.ledgerline.projections.orders;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.serialization.Serializer;
import org.ledgerline.eventstore.DeadLetterTransactions;
import org.ledgerline.eventstore.StreamingProcessors;
import org.ledgerline.projections.config.ProjectionProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The orders read model's processor: tracking, with per-order dead letters. */
@Configuration(proxyBeanMethods = false)
public class OrdersConfiguration {

    @Bean
    ConfigurerModule ordersProcessor(
            ProjectionProperties properties,
            ConnectionProvider connections,
            TransactionManager transactions,
            Serializer serializer,
            DeadLetterTransactions deadLetters) {
        return StreamingProcessors.trackingWithDeadLetters(
                OrdersProjector.PROCESSING_GROUP,
                properties.batchSize(),
                properties.segments(),
                connections,
                transactions,
                serializer,
                deadLetters);
    }
}
