package org.ledgerline.projections.users;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.serialization.Serializer;
import org.ledgerline.eventstore.DeadLetterTransactions;
import org.ledgerline.eventstore.StreamingProcessors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The users/accounts read models' processor: tracking, with per-aggregate dead letters. */
@Configuration(proxyBeanMethods = false)
public class UsersConfiguration {

    @Bean
    ConfigurerModule usersProcessor(@Value("${ledgerline.projections.batch-size:200}") int batchSize,
                                    @Value("${ledgerline.projections.segments:1}") int segments,
                                    ConnectionProvider connections, TransactionManager transactions,
                                    Serializer serializer, DeadLetterTransactions deadLetters) {
        return StreamingProcessors.trackingWithDeadLetters(UsersProjector.PROCESSING_GROUP, batchSize, segments,
                                                           connections, transactions, serializer,
                                                           deadLetters);
    }
}
