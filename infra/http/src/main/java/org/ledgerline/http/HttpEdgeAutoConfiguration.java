package org.ledgerline.http;

import org.ledgerline.eventstore.EventStorePositions;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The shared HTTP edge: command responses read their headers from the event store, so this comes after the store's
 * configuration, which cannot know the web layer.
 */
@AutoConfiguration(afterName = "org.ledgerline.eventstore.config.EventStoreAutoConfiguration")
@EnableConfigurationProperties(MoneyProperties.class)
public class HttpEdgeAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(EventStorePositions.class)
    public CommandResponses commandResponses(EventStorePositions positions) {
        return new CommandResponses(positions);
    }
}
