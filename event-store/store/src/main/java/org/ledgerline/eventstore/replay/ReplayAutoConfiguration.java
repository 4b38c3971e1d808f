package org.ledgerline.eventstore.replay;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.TokenStoreProperties;
import org.ledgerline.eventstore.ProcessorTokens;
import org.ledgerline.eventstore.ReplayCoordinator;
import org.ledgerline.eventstore.ReplayRequests;
import org.ledgerline.eventstore.SegmentBalancer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replays coordinated across nodes, and the token store whose claims name this node ({@code ledgerline.node-id},
 * by default the JVM's {@code pid@host}, Axon's own default) so operators see which node holds which segment.
 * Ordered like {@code EventStoreAutoConfiguration}: before Axon's JDBC configuration, whose token store backs off.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
            "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.ledgerline.eventstore.config.EventStoreAutoConfiguration"
        },
        beforeName = {
            "org.axonframework.springboot.autoconfig.JdbcAutoConfiguration",
            "org.axonframework.springboot.autoconfig.TransactionAutoConfiguration",
            "org.axonframework.springboot.autoconfig.NoOpTransactionAutoConfiguration",
            "org.axonframework.springboot.autoconfig.AxonAutoConfiguration",
            "org.axonframework.springboot.autoconfig.EventProcessingAutoConfiguration"
        })
@ConditionalOnBean(DataSource.class)
// axon.eventhandling.tokenstore.* through Axon's own class (and default), bound here too since this token store
// replaces the one of Axon's configuration that binds it.
@EnableConfigurationProperties({ReplayProperties.class, BalanceProperties.class, TokenStoreProperties.class})
public class ReplayAutoConfiguration {

    private final ReplayProperties properties;
    private final String node;

    ReplayAutoConfiguration(ReplayProperties properties) {
        this.properties = properties;
        this.node = properties.node();
    }

    @Bean
    @ConditionalOnMissingBean(TokenStore.class)
    TokenStore tokenStore(ConnectionProvider connections, Serializer serializer, TokenStoreProperties axonTokenStore) {
        return JdbcTokenStore.builder()
                .connectionProvider(connections)
                .serializer(serializer)
                .schema(new TokenSchema())
                .nodeId(node)
                .claimTimeout(axonTokenStore.getClaimTimeout())
                .contentType(byte[].class)
                .build();
    }

    @Bean
    ReplayRequests replayRequests(JdbcTemplate jdbc) {
        return new ReplayRequests(jdbc);
    }

    @Bean
    ProcessorTokens processorTokens(JdbcTemplate jdbc, Serializer serializer) {
        return new ProcessorTokens(jdbc, serializer);
    }

    @Bean
    ReplayCoordinator replayCoordinator(
            ReplayRequests requests,
            ObjectProvider<EventProcessingConfiguration> processing,
            ObjectProvider<EventStore> eventStore,
            ObjectProvider<TokenStore> tokenStore,
            JdbcTemplate jdbc,
            PlatformTransactionManager transactionManager,
            ObjectProvider<OpenTelemetry> openTelemetry,
            ObjectProvider<MeterRegistry> meters) {
        return new ReplayCoordinator(
                requests,
                processing,
                eventStore,
                tokenStore,
                jdbc,
                new TransactionTemplate(transactionManager),
                node,
                properties.replay().pollInterval(),
                openTelemetry.getIfAvailable(GlobalOpenTelemetry::get),
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** Spreads the read models' segments over the live nodes (ADR 0023); off with the property. */
    @Bean
    @ConditionalOnProperty(name = "ledgerline.processors.balance.enabled", havingValue = "true", matchIfMissing = true)
    SegmentBalancer segmentBalancer(
            BalanceProperties balance,
            ObjectProvider<EventProcessingConfiguration> processing,
            JdbcTemplate jdbc,
            ObjectProvider<OpenTelemetry> openTelemetry,
            ObjectProvider<MeterRegistry> meters) {
        return new SegmentBalancer(
                processing,
                jdbc,
                node,
                balance.processors(),
                balance.interval(),
                balance.nodeTimeout(),
                balance.releaseDuration(),
                openTelemetry.getIfAvailable(GlobalOpenTelemetry::get),
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }
}
