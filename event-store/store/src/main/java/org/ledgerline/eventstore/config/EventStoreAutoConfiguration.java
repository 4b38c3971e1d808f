package org.ledgerline.eventstore.config;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.lock.LockFactory;
import org.axonframework.common.lock.PessimisticLockFactory;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.GenericSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.SagaSqlSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.flywaydb.core.api.callback.Callback;
import org.ledgerline.eventstore.CaffeineCache;
import org.ledgerline.eventstore.DeadLetterTransactions;
import org.ledgerline.eventstore.EventContract;
import org.ledgerline.eventstore.EventStorePositions;
import org.ledgerline.eventstore.JdbcAdminAudit;
import org.ledgerline.eventstore.JoiningSpringTransactionManager;
import org.ledgerline.eventstore.LatestEvents;
import org.ledgerline.eventstore.LockingSagaSqlSchema;
import org.ledgerline.eventstore.SnapshotTriggers;
import org.ledgerline.eventstore.contract.ContractSerializer;
import org.ledgerline.eventstore.contract.FormerNamesUpcaster;
import org.ledgerline.eventstore.jdbc.CommitOrderOffset;
import org.ledgerline.eventstore.jdbc.CommitOrderedJdbcEventStorageEngine;
import org.ledgerline.eventstore.jdbc.CommitSignal;
import org.ledgerline.eventstore.jdbc.CrossNodeWakeUp;
import org.ledgerline.eventstore.jdbc.JoinedReadSagaStore;
import org.ledgerline.eventstore.jdbc.PostgresDuplicateKeyResolver;
import org.ledgerline.eventstore.unique.JdbcUniqueClaims;
import org.ledgerline.kernel.AdminAudit;
import org.ledgerline.kernel.EventCatalog;
import org.ledgerline.kernel.UniqueClaims;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Scope;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Wires Axon to PostgreSQL: the commit-ordered JDBC storage engine, Jackson (2) serialization for events, messages,
 * tokens and sagas, the PostgreSQL saga schema and per-aggregate snapshot triggers.
 *
 * <p>Its ordering is load-bearing. Axon 4.13's JDBC and transaction auto-configurations name Spring Boot 3's class
 * names in their ordering hints, so on Boot 4 they can be evaluated before any {@code DataSource} or
 * {@code PlatformTransactionManager} exists: start-up then fails, or Axon silently runs without transactions. Being
 * after Boot's DataSource/transaction configurations and before Axon's pulls Axon's behind Boot's.
 * {@code TransactionWiringTest} guards this.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
            "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration"
        },
        beforeName = {
            "org.axonframework.springboot.autoconfig.JdbcAutoConfiguration",
            "org.axonframework.springboot.autoconfig.TransactionAutoConfiguration",
            "org.axonframework.springboot.autoconfig.NoOpTransactionAutoConfiguration",
            "org.axonframework.springboot.autoconfig.AxonAutoConfiguration",
            "org.axonframework.springboot.autoconfig.ObjectMapperAutoConfiguration",
            "org.axonframework.springboot.autoconfig.AxonDbSchedulerAutoConfiguration",
            // db-scheduler's own, too: it needs the DataSource and is what Axon's deadline manager waits for.
            "com.github.kagkarlsson.scheduler.boot.autoconfigure.DbSchedulerAutoConfiguration",
            "org.axonframework.springboot.autoconfig.EventProcessingAutoConfiguration"
        })
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(EventStoreProperties.class)
public class EventStoreAutoConfiguration {

    /** The bean name aggregates give in {@code @Aggregate(cache = ...)}. */
    public static final String AGGREGATE_CACHE = "aggregateCache";

    /** The bean name aggregates give in {@code @Aggregate(lockFactory = ...)}. */
    public static final String AGGREGATE_LOCK_FACTORY = "aggregateLockFactory";

    /**
     * Axon's transactions are Spring's ({@code TransactionWiringIT}); a unit of work that fails inside a transaction
     * it joined marks it rollback-only ({@link JoiningSpringTransactionManager}). Before Axon's own, which backs off.
     */
    @Bean
    @ConditionalOnMissingBean(TransactionManager.class)
    public TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new JoiningSpringTransactionManager(transactionManager);
    }

    /**
     * Each aggregate type's locks (a prototype: one factory per aggregate type, as Axon's default), held until the
     * command's transaction ends, and with several nodes taken in PostgreSQL too ({@link TransactionScopedLockFactory}).
     */
    @Bean(AGGREGATE_LOCK_FACTORY)
    @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
    @ConditionalOnMissingBean(name = AGGREGATE_LOCK_FACTORY)
    public LockFactory aggregateLockFactory(
            DataSource dataSource,
            PlatformTransactionManager transactionManager,
            ObjectProvider<CrossNodeWakeUp> wakeUp) {
        // Several nodes: as seen by the cross-node wake-up (another node's listener); without it, always. The lock
        // is taken on the command's connection: the one bound to the manager's data source.
        CrossNodeWakeUp nodes = wakeUp.getIfAvailable();
        return new TransactionScopedLockFactory(
                PessimisticLockFactory.usingDefaults(),
                boundDataSource(transactionManager, dataSource),
                nodes == null ? () -> true : () -> nodes.peers() > 0);
    }

    /** Jackson 2 mapper for Axon (Spring Boot 4's own mapper is Jackson 3, which Axon 4's serializer does not take). */
    @Bean("defaultAxonObjectMapper")
    @ConditionalOnMissingBean(name = "defaultAxonObjectMapper")
    public ObjectMapper defaultAxonObjectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                // Fields, not getters: aggregate snapshots and sagas keep private state, and a derived getter
                // (Money.isNegative) must not leak into the stored JSON.
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .setVisibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // Tolerant reader: an event written by a newer version with an extra field still reads.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** Every context's event catalog (each context's configuration contributes its {@link EventCatalog} bean). */
    @Bean
    @ConditionalOnMissingBean
    public EventContract eventContract(ObjectProvider<EventCatalog> catalogs) {
        return new EventContract(catalogs.orderedStream().toList());
    }

    /**
     * One JSON serializer for events, messages, snapshots, tokens and sagas; no XStream anywhere. Catalogued events are
     * stored under their stable names and revisions, everything else under its class name (ADR 0017).
     */
    @Bean
    @Primary
    public Serializer serializer(
            @Qualifier("defaultAxonObjectMapper") ObjectMapper objectMapper, EventContract eventContract) {
        return new ContractSerializer(JacksonSerializer.builder().objectMapper(objectMapper), eventContract);
    }

    /** Rows stored under an event's former name (its class name, before ADR 0017) read as its name: first upcaster. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public FormerNamesUpcaster formerEventNamesUpcaster(EventContract eventContract) {
        return new FormerNamesUpcaster(eventContract);
    }

    /**
     * No processing group swallows a handler's error unless it says so. Axon's default logs and goes on, and would
     * make any {@code ListenerInvocationErrorHandler} bean the default of every group: inside a command's unit of
     * work (a subscribing processor) a swallowed error left an aborted transaction and an acknowledged command with
     * nothing stored. A group that keeps its errors (the order saga's) registers its handler for itself; groups with
     * a dead-letter queue park their poison events.
     */
    @Bean
    public ConfigurerModule propagatingListenerErrors() {
        return configurer -> configurer
                .eventProcessing()
                .registerDefaultListenerInvocationErrorHandler(config -> PropagatingErrorHandler.instance());
    }

    /** Lets the processors' dead-letter queues write a letter in a transaction of their own. */
    @Bean
    @ConditionalOnMissingBean
    public DeadLetterTransactions deadLetterTransactions(
            PlatformTransactionManager transactionManager,
            DataSource dataSource,
            ObjectProvider<MeterRegistry> meters) {
        return new DeadLetterTransactions(
                transactionManager,
                boundDataSource(transactionManager, dataSource),
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** The data source the manager binds its transactions to (the key its connections are found under). */
    private static DataSource boundDataSource(PlatformTransactionManager transactionManager, DataSource dataSource) {
        return transactionManager instanceof DataSourceTransactionManager jdbc && jdbc.getDataSource() != null
                ? jdbc.getDataSource()
                : dataSource;
    }

    @Bean
    @ConditionalOnMissingBean
    public EventSchema eventSchema() {
        return new EventSchema();
    }

    @Bean
    @ConditionalOnMissingBean(PersistenceExceptionResolver.class)
    public PersistenceExceptionResolver persistenceExceptionResolver() {
        return new PostgresDuplicateKeyResolver();
    }

    @Bean
    @ConditionalOnMissingBean(EventStorageEngine.class)
    public EventStorageEngine eventStorageEngine(
            Serializer serializer,
            PersistenceExceptionResolver persistenceExceptionResolver,
            Configuration configuration,
            ConnectionProvider connectionProvider,
            TransactionManager transactionManager,
            EventSchema eventSchema,
            EventStoreProperties properties,
            ObjectProvider<OpenTelemetry> openTelemetry,
            ObjectProvider<MeterRegistry> meters) {
        JdbcEventStorageEngine.Builder builder = JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .eventSerializer(serializer)
                // The hook for schema evolution: every EventUpcaster bean, in @Order.
                .upcasterChain(configuration.upcasterChain())
                .snapshotFilter(configuration.snapshotFilter())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .batchSize(properties.batchSize());
        return new CommitOrderedJdbcEventStorageEngine(
                builder,
                connectionProvider,
                transactionManager,
                eventSchema,
                openTelemetry.getIfAvailable(OpenTelemetry::noop),
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /**
     * A store restored with pg_dump into another PostgreSQL cluster carries on without a manual step: after Flyway's
     * migrations, every node checks its commit-order offset and raises it if the restored rows are ahead of this
     * cluster's transaction ids (ADR 0018).
     */
    @Bean
    public CommitOrderOffset commitOrderOffset(
            ObjectProvider<OpenTelemetry> openTelemetry, ObjectProvider<MeterRegistry> meters) {
        return new CommitOrderOffset(
                openTelemetry.getIfAvailable(OpenTelemetry::noop).getTracer("org.ledgerline.eventstore"),
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    Callback commitOrderOffsetCallback(CommitOrderOffset commitOrderOffset) {
        return new CommitOrderOffsetCallback(commitOrderOffset);
    }

    /** The admin audit log; any module records through {@link AdminAudit}. */
    @Bean
    @ConditionalOnMissingBean(AdminAudit.class)
    public JdbcAdminAudit adminAudit(JdbcTemplate jdbcTemplate, ObjectProvider<MeterRegistry> meters) {
        return new JdbcAdminAudit(jdbcTemplate, Clock.systemUTC(), meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /**
     * Snapshots are taken off the command thread. Axon's default runs them synchronously after the command's commit
     * while the aggregate's lock is still held, and the snapshot needs a second database connection: with the pool
     * taken by commands waiting for that same lock, everything stalls (reproduced by {@code InventoryIT}). A dropped
     * snapshot costs nothing: the next threshold takes it again.
     */
    @Bean
    @ConditionalOnMissingBean(Snapshotter.class)
    public SpringAggregateSnapshotter aggregateSnapshotter(
            Configuration configuration,
            HandlerDefinition handlerDefinition,
            ParameterResolverFactory parameterResolverFactory,
            EventStore eventStore,
            TransactionManager transactionManager,
            ObjectProvider<SnapshotterSpanFactory> spanFactory) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(
                1,
                2,
                30,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(1_000),
                Thread.ofPlatform().name("snapshotter-", 0).daemon(true).factory(),
                new ThreadPoolExecutor.DiscardOldestPolicy());
        SpringAggregateSnapshotter.Builder builder = SpringAggregateSnapshotter.builder()
                .repositoryProvider(configuration::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .executor(executor);
        spanFactory.ifAvailable(builder::spanFactory);
        return builder.build();
    }

    /**
     * Axon's embedded event store, polling sooner when a reader found nothing new. With commit-ordered reads an event
     * committed a moment ago can still sit behind the visibility horizon (another writer's transaction is open), so a
     * reader woken by the commit may see nothing yet; Axon's default then waits a full second before looking again.
     */
    @Qualifier("eventStore") @Bean(name = "eventBus")
    @ConditionalOnMissingBean(EventBus.class)
    public EmbeddedEventStore eventStore(
            EventStorageEngine storageEngine, Configuration configuration, EventStoreProperties properties) {
        return new WakeableEmbeddedEventStore(EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .fetchDelay(properties.fetchDelay().toMillis()));
    }

    /**
     * Every node's readers at the head woken by any node's commits, not only their own (ADR 0028): PostgreSQL's
     * {@code LISTEN}/{@code NOTIFY} on sessions of its own, opened with the data source's connection details (Boot's
     * {@code JdbcConnectionDetails}; without them, two connections are taken from the data source for the node's
     * life). Off with {@code ledgerline.event-store.cross-node-wake-up=false}, e.g. behind a connection pooler in
     * transaction mode, which cannot carry {@code LISTEN}: readers then see other nodes' commits at their next poll.
     */
    @Bean
    @ConditionalOnProperty(
            name = "ledgerline.event-store.cross-node-wake-up",
            havingValue = "true",
            matchIfMissing = true)
    public CrossNodeWakeUp crossNodeWakeUp(
            EventStorageEngine storageEngine,
            EventStore eventStore,
            DataSource dataSource,
            ObjectProvider<JdbcConnectionDetails> connectionDetails,
            ObjectProvider<MeterRegistry> meters) {
        JdbcConnectionDetails details = connectionDetails.getIfAvailable();
        CrossNodeWakeUp.Sessions sessions = details == null
                ? dataSource::getConnection
                : () -> {
                    Properties credentials = new Properties();
                    if (details.getUsername() != null) {
                        credentials.setProperty("user", details.getUsername());
                    }
                    if (details.getPassword() != null) {
                        credentials.setProperty("password", details.getPassword());
                    }
                    return DriverManager.getConnection(details.getJdbcUrl(), credentials);
                };
        CommitSignal commits = storageEngine instanceof CommitOrderedJdbcEventStorageEngine commitOrdered
                ? commitOrdered.commits()
                : new CommitSignal();
        Runnable wakeReaders =
                eventStore instanceof WakeableEmbeddedEventStore wakeable ? wakeable::wakeReaders : () -> {};
        return new CrossNodeWakeUp(
                sessions, commits, wakeReaders, Duration.ofSeconds(1), meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /** Axon's PostgreSQL saga schema, loading a saga under a row lock ({@link LockingSagaSqlSchema}). */
    @Bean
    @ConditionalOnMissingBean
    public SagaSqlSchema sagaSqlSchema() {
        return new LockingSagaSqlSchema();
    }

    /**
     * Axon's JDBC saga store (the one its {@code JdbcAutoConfiguration} would build, same connection provider,
     * schema and serializer), reading a saga with two statements per event instead of three
     * ({@link JoinedReadSagaStore}) unless {@code ledgerline.event-store.saga-joined-read=false}.
     */
    @Bean
    @ConditionalOnMissingBean(SagaStore.class)
    public JdbcSagaStore sagaStore(
            ConnectionProvider connectionProvider,
            Serializer serializer,
            SagaSqlSchema sagaSqlSchema,
            EventStoreProperties properties) {
        if (properties.sagaJoinedRead() && sagaSqlSchema instanceof GenericSagaSqlSchema schema) {
            return new JoinedReadSagaStore(connectionProvider, schema, serializer);
        }
        return JdbcSagaStore.builder()
                .connectionProvider(connectionProvider)
                .sqlSchema(sagaSqlSchema)
                .serializer(serializer)
                .build();
    }

    @Bean
    @ConditionalOnMissingBean
    public UniqueClaims uniqueClaims(JdbcTemplate jdbcTemplate) {
        return new JdbcUniqueClaims(jdbcTemplate);
    }

    /**
     * The cache that {@code @Aggregate(cache = "aggregateCache")} names: aggregates stay loaded between commands, so a
     * command on a known aggregate reads one index entry (its stored version) instead of its snapshot and events. A
     * cached aggregate is used only when its version is the stored one, so a write by another node (or anything
     * else) is never missed: ADR 0007.
     */
    @Bean(AGGREGATE_CACHE)
    @ConditionalOnMissingBean(name = AGGREGATE_CACHE)
    public Cache aggregateCache(
            EventStoreProperties properties, EventStorePositions positions, ObjectProvider<MeterRegistry> meters) {
        return properties.aggregateCacheSize() == 0
                ? NoCache.INSTANCE
                : new StoreCheckedAggregateCache(
                        new CaffeineCache(properties.aggregateCacheSize()),
                        positions,
                        meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    @ConditionalOnMissingBean
    public EventStorePositions eventStorePositions(JdbcTemplate jdbcTemplate) {
        return new EventStorePositions(jdbcTemplate);
    }

    @Bean
    @ConditionalOnMissingBean
    public LatestEvents latestEvents(JdbcTemplate jdbcTemplate, Serializer serializer, EventContract eventContract) {
        return new LatestEvents(jdbcTemplate, serializer, eventContract);
    }

    @Bean
    @ConditionalOnMissingBean
    public SnapshotTriggers snapshotTriggers(
            EventStoreProperties properties, ObjectProvider<Configuration> axonConfiguration) {
        return new SnapshotTriggers(properties, axonConfiguration);
    }
}
