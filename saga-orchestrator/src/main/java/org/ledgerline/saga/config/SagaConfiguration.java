package org.ledgerline.saga.config;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerCustomizer;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.Optional;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.serialization.Serializer;
import org.jooq.DSLContext;
import org.ledgerline.eventstore.ProcessorTokens;
import org.ledgerline.eventstore.StreamingProcessors;
import org.ledgerline.eventstore.VersionCheckedSagaCache;
import org.ledgerline.kernel.EventCatalog;
import org.ledgerline.saga.api.SagaEvents;
import org.ledgerline.saga.journal.JooqSagaJournal;
import org.ledgerline.saga.journal.SagaChanges;
import org.ledgerline.saga.journal.SagaContradictions;
import org.ledgerline.saga.journal.SagaFailures;
import org.ledgerline.saga.journal.SagaMetrics;
import org.ledgerline.saga.journal.SagaViews;
import org.ledgerline.saga.order.OrderSaga;
import org.ledgerline.saga.order.SagaCommands;
import org.ledgerline.saga.order.SagaJournal;
import org.ledgerline.saga.order.SagaProgress;
import org.ledgerline.saga.order.SagaTimeouts;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The order saga's processor and resources. One tracking processor, {@value OrderSaga#PROCESSING_GROUP}, in
 * {@code ledgerline.saga.segments} segments (default 1: a saga lives in the segment its id hashes to, but every
 * segment reads every event, and on two cores four segments measured slower than one), whose listener errors are
 * kept by {@link SagaFailures}. Deadlines go to Axon's db-scheduler deadline manager (configured by Axon's
 * {@code AxonDbSchedulerAutoConfiguration} once db-scheduler's {@code Scheduler} exists).
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SagaProperties.class)
public class SagaConfiguration {

    /**
     * db-scheduler names its node in {@code scheduled_tasks.picked_by}; its default, the host name, is the same for
     * every node on one host. This node's name ({@code ledgerline.node-id}, else {@code pid@host}, as in its token
     * claims) tells an operator which node picked a saga deadline, dead or alive. {@code db-scheduler.scheduler-name}
     * still wins when set.
     */
    @Bean
    DbSchedulerCustomizer nodeNamedScheduler(Environment environment) {
        String configured = environment.getProperty("db-scheduler.scheduler-name", "");
        String node = environment.getProperty("ledgerline.node-id", "");
        String name = !configured.isBlank()
                ? configured
                : !node.isBlank() ? node : ManagementFactory.getRuntimeMXBean().getName();
        return new DbSchedulerCustomizer() {
            @Override
            public Optional<SchedulerName> schedulerName() {
                return Optional.of(new SchedulerName.Fixed(name));
            }
        };
    }

    /**
     * With {@code ledgerline.saga.cache-size > 0} (default 10,000) the JDBC saga store keeps sagas across units of
     * work, checking each one's row version when it loads it, so it is safe with several nodes
     * ({@link VersionCheckedSagaCache}, ADR 0005). A post-processor, so the saga store stays the one the event store's
     * auto-configuration builds; a store that cannot check versions (Axon's plain JDBC store, with
     * {@code ledgerline.event-store.saga-joined-read=false}) is left without a cache.
     */
    @Bean
    static BeanPostProcessor versionCheckedSagaCache(Environment environment) {
        // Bound here, not injected: a post-processor comes before the properties beans; same record, same defaults.
        int size = Binder.get(environment)
                .bindOrCreate("ledgerline.saga", SagaProperties.class)
                .cacheSize();
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (size > 0 && bean instanceof VersionCheckedSagaCache store) {
                    return store.withCache(size);
                }
                return bean;
            }
        };
    }

    /**
     * The deadline manager Axon's {@code AxonDbSchedulerAutoConfiguration} would build (same settings; db-scheduler's
     * own starter starts and stops the scheduler), with the saga's cancels batched per unit of work.
     */
    @Bean
    DbSchedulerDeadlineManager deadlineManager(
            Scheduler scheduler,
            Configuration configuration,
            @Qualifier("eventSerializer") Serializer serializer,
            TransactionManager transactionManager,
            DeadlineManagerSpanFactory spanFactory,
            DSLContext sql) {
        DbSchedulerDeadlineManager.Builder builder = DbSchedulerDeadlineManager.builder()
                .scheduler(scheduler)
                .scopeAwareProvider(new ConfigurationScopeAwareProvider(configuration))
                .serializer(serializer)
                .transactionManager(transactionManager)
                .spanFactory(spanFactory)
                .startScheduler(false)
                .stopScheduler(false);
        return new BatchedCancelDeadlineManager(builder, sql, scheduler, serializer, spanFactory);
    }

    @Bean
    SagaTimeouts sagaTimeouts(SagaProperties properties) {
        SagaProperties.Timeouts t = properties.timeouts();
        return new SagaTimeouts(
                t.reserveStock(),
                t.chargePayment(),
                t.confirmOrder(),
                t.commitStock(),
                t.compensation(),
                t.resendCap());
    }

    @Bean
    SagaProgress sagaProgress(JdbcTemplate jdbc, ProcessorTokens tokens, MeterRegistry registry) {
        return new TokenSagaProgress(jdbc, tokens, registry);
    }

    @Bean
    SagaContradictions sagaContradictions(
            DSLContext sql,
            QueryGateway queries,
            SagaProperties properties,
            SagaChanges changes,
            MeterRegistry registry) {
        return new SagaContradictions(sql, queries, Clock.systemUTC(), properties.stuckAfter(), changes, registry);
    }

    @Bean
    SagaContradictionCheck sagaContradictionCheck(SagaContradictions contradictions, SagaProperties properties) {
        return new SagaContradictionCheck(contradictions, properties.consistencyCheckInterval());
    }

    /**
     * The saga's commands go through a gateway of their own: the platform's dispatch interceptors (the same as the
     * platform's gateway has) and a retry of the commands that lost a race for their aggregate to another node
     * ({@link ConflictRetries}); the platform's gateway answers HTTP callers, who get such a conflict as 409.
     */
    @Bean(destroyMethod = "close")
    ConflictRetries sagaConflictRetries(MeterRegistry meters) {
        return new ConflictRetries(meters);
    }

    @Bean(destroyMethod = "close")
    SagaCommands sagaCommands(
            CommandBus commandBus,
            ObjectProvider<MessageDispatchInterceptor<? super CommandMessage<?>>> interceptors,
            ConflictRetries retries,
            SagaProperties properties) {
        CommandGateway gateway = DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(retries)
                .dispatchInterceptors(interceptors.orderedStream().toList())
                .build();
        return new AfterCommitSagaCommands(gateway, Math.max(1, properties.commandThreads()));
    }

    @Bean
    SagaChanges sagaChanges() {
        return new SagaChanges();
    }

    @Bean
    SagaViews sagaViews(DSLContext sql, SagaProperties properties) {
        return new SagaViews(sql, Clock.systemUTC(), properties.stuckAfter());
    }

    @Bean
    SagaMetrics sagaMetrics(MeterRegistry registry, SagaViews views) {
        return new SagaMetrics(registry, views);
    }

    @Bean
    SagaJournal sagaJournal(
            DSLContext sql, SagaMetrics metrics, SagaChanges changes, ObjectProvider<OpenTelemetry> openTelemetry) {
        return new JooqSagaJournal(
                sql,
                Clock.systemUTC(),
                metrics,
                changes,
                openTelemetry.getIfAvailable(GlobalOpenTelemetry::get).getTracer("org.ledgerline.saga"));
    }

    /**
     * The saga's processor. Its {@link SagaFailures} is registered for this group only and is no bean: Axon makes a
     * {@code ListenerInvocationErrorHandler} bean the default of every processing group, where it swallowed the
     * errors of handlers that run inside a command's unit of work.
     */
    @Bean
    ConfigurerModule orderSagaProcessing(
            DSLContext sql,
            Serializer serializer,
            SagaMetrics metrics,
            SagaChanges changes,
            SagaProperties properties,
            ConnectionProvider connections) {
        SagaFailures failures = new SagaFailures(sql, serializer, Clock.systemUTC(), metrics, changes);
        return configurer -> configurer
                .eventProcessing()
                .registerTrackingEventProcessor(
                        OrderSaga.PROCESSING_GROUP,
                        Configuration::eventStore,
                        config -> TrackingEventProcessorConfiguration.forParallelProcessing(properties.segments())
                                .andInitialSegmentsCount(properties.segments())
                                .andBatchSize(properties.batchSize()))
                .registerTransactionManager(
                        OrderSaga.PROCESSING_GROUP,
                        config -> StreamingProcessors.nonAppending(
                                config.getComponent(TransactionManager.class), connections))
                .registerListenerInvocationErrorHandler(OrderSaga.PROCESSING_GROUP, config -> failures);
    }

    /** The saga context's event names, revisions and topic (ADR 0017). */
    @Bean
    EventCatalog sagaEventCatalog() {
        return SagaEvents.CATALOG;
    }
}
