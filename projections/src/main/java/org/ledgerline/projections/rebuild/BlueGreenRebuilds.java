package org.ledgerline.projections.rebuild;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.ledgerline.eventstore.CommitOrderTrackingToken;
import org.ledgerline.eventstore.PrefetchingEventSource;
import org.ledgerline.eventstore.StreamingProcessors;
import org.ledgerline.kernel.NotFoundException;
import org.ledgerline.projections.config.ProjectionProperties;
import org.ledgerline.projections.config.ReadModelProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs blue/green rebuilds. The shadow processor is the model's own projector bean, wrapped in a tracking processor
 * of its own whose transactions see the shadow schema first ({@code SET LOCAL search_path}); everything it writes
 * lands in the shadow tables, its token in the shared token table. When it has caught up with the store's head, the
 * live processor stops, the shadow finishes the last events, and one transaction moves the shadow tables in and the
 * old ones out; the live processor, which all read models share ({@code read-models}, ADR 0025), then starts again
 * where it stopped, at or before the shadow's position, so the rebuilt model misses no event and the other models,
 * paused for the switch only, carry on.
 */
@Component
public class BlueGreenRebuilds {

    private static final Logger log = LoggerFactory.getLogger(BlueGreenRebuilds.class);

    private final ApplicationContext context;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    // Not final: RebuildBenchmark compares settings in one run.
    private int batchSize;
    private int threads;
    private int fetchSize;
    private final ReadModelWrites writes;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("read-model-rebuild").daemon(true).factory());
    private final Map<String, AtomicReference<RebuildStatus>> statuses = new ConcurrentHashMap<>();

    BlueGreenRebuilds(
            ApplicationContext context,
            JdbcTemplate jdbc,
            PlatformTransactionManager transactionManager,
            ProjectionProperties properties,
            ReadModelWrites writes) {
        this.writes = writes;
        this.threads = Math.max(1, properties.rebuildThreads());
        this.context = context;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.batchSize = properties.rebuildBatchSize();
        this.fetchSize = properties.rebuildFetchSize();
    }

    /** Starts rebuilding {@code model}; returns at once. */
    public RebuildStatus start(String model) {
        ReadModel readModel = model(model);
        AtomicReference<RebuildStatus> status = statuses.computeIfAbsent(model, m -> new AtomicReference<>());
        RebuildStatus current = status.get();
        if (current != null
                && (current.state().equals("RUNNING") || current.state().equals("SWITCHING"))) {
            throw new org.ledgerline.kernel.IllegalTransitionException(
                    "A rebuild of " + model + " is running", current.state());
        }
        long total = jdbc.queryForObject("SELECT count(*) FROM domainevententry", Long.class);
        RebuildStatus started = new RebuildStatus(model, "RUNNING", 0, total, 0, Instant.now(), null, null);
        status.set(started);
        runner.submit(() -> run(readModel, status));
        return started;
    }

    public Optional<RebuildStatus> status(String model) {
        model(model);
        AtomicReference<RebuildStatus> status = statuses.get(model);
        return Optional.ofNullable(status == null ? null : status.get());
    }

    private void run(ReadModel model, AtomicReference<RebuildStatus> status) {
        String shadow = "rebuild_" + model.name();
        String shadowProcessor = model.processingGroup() + "-rebuild";
        Instant started = status.get().startedAt();
        AtomicLong processed = new AtomicLong();
        TrackingEventProcessor rebuilder = null;
        try {
            createShadow(model, shadow);
            rebuilder = shadowProcessor(model, shadow, shadowProcessor, processed);
            rebuilder.start();
            waitUntilCaughtUp(rebuilder, status, processed, started, Duration.ofHours(6));

            status.set(progress(status.get(), "SWITCHING", processed.get(), started, null));
            StreamingEventProcessor live = liveProcessor(model);
            live.shutDown();
            waitUntilCaughtUp(rebuilder, status, processed, started, Duration.ofMinutes(5));
            rebuilder.shutDown();
            swap(model, shadow, shadowProcessor);
            live.start();
            RebuildStatus done = progress(status.get(), "DONE", processed.get(), started, null);
            status.set(new RebuildStatus(
                    done.model(),
                    done.state(),
                    done.processed(),
                    done.total(),
                    done.eventsPerSecond(),
                    started,
                    Instant.now(),
                    null));
            log.info(
                    "Read model {} rebuilt blue/green: {} events at {} events/s",
                    model.name(),
                    processed.get(),
                    Math.round(done.eventsPerSecond()));
        } catch (Exception e) {
            log.error("Rebuild of read model {} failed; the live model is untouched", model.name(), e);
            if (rebuilder != null) {
                rebuilder.shutDown();
            }
            liveProcessor(model).start();
            status.set(new RebuildStatus(
                    model.name(),
                    "FAILED",
                    processed.get(),
                    status.get().total(),
                    0,
                    started,
                    Instant.now(),
                    e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    void createShadow(ReadModel model, String shadow) {
        transactions.executeWithoutResult(tx -> {
            jdbc.execute("DROP SCHEMA IF EXISTS " + shadow + " CASCADE");
            jdbc.execute("CREATE SCHEMA " + shadow);
            for (String table : model.tables()) {
                jdbc.execute("CREATE TABLE " + shadow + "." + table + " (LIKE public." + table + " INCLUDING ALL)");
            }
        });
        jdbc.update("DELETE FROM tokenentry WHERE processorname = ?", model.processingGroup() + "-rebuild");
    }

    @SuppressWarnings("unchecked")
    private TrackingEventProcessor shadowProcessor(ReadModel model, String shadow, String name, AtomicLong processed) {
        Object projector =
                context.getBeansWithAnnotation(org.axonframework.config.ProcessingGroup.class).values().stream()
                        .filter(bean -> model.processingGroup()
                                .equals(org.springframework.core.annotation.AnnotationUtils.findAnnotation(
                                                bean.getClass(), org.axonframework.config.ProcessingGroup.class)
                                        .value()))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("No projector for " + model.name()));
        TrackingEventProcessor processor = TrackingEventProcessor.builder()
                .name(name)
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder()
                        .eventHandlers(projector)
                        .build())
                .messageSource(eventSource())
                .tokenStore(context.getBean(TokenStore.class))
                .transactionManager(StreamingProcessors.nonAppending(
                        context.getBean(TransactionManager.class), context.getBean(ConnectionProvider.class)))
                // Segments split by aggregate, so each aggregate's events stay in order on one thread.
                .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration.forParallelProcessing(threads)
                        .andInitialSegmentsCount(threads)
                        .andBatchSize(batchSize))
                .build();
        processor.registerHandlerInterceptor((unitOfWork, chain) -> {
            enterShadow(unitOfWork.root(), shadow);
            processed.incrementAndGet();
            return chain.proceed();
        });
        return processor;
    }

    /**
     * The rebuild reads the store in large reads on a thread of its own, ahead of the processor (with one segment,
     * every event is read and decoded once); {@code rebuild-fetch-size=0} reads through the event store, as a live
     * processor does.
     */
    @SuppressWarnings("unchecked")
    private StreamableMessageSource<TrackedEventMessage<?>> eventSource() {
        if (fetchSize > 0) {
            Optional<PrefetchingEventSource> prefetching =
                    PrefetchingEventSource.over(context.getBean(EventStorageEngine.class), fetchSize, 2);
            if (prefetching.isPresent()) {
                return prefetching.get();
            }
        }
        return (StreamableMessageSource<TrackedEventMessage<?>>) (Object) context.getBean(EventStore.class);
    }

    /** Points this unit of work's transaction at the shadow tables, once per batch. */
    void enterShadow(UnitOfWork<?> root, String shadow) {
        root.getOrComputeResource("rebuild.search_path", key -> {
            // Unqualified table names now mean the shadow tables, for this transaction only.
            jdbc.execute("SET LOCAL search_path TO " + shadow + ", public");
            // Nothing reads the shadow before the swap, and a crash restarts the rebuild anyway. The swap itself
            // runs in a transaction of its own, committed durably.
            jdbc.execute("SET LOCAL synchronous_commit TO off");
            // A rebuilt model is not read until the swap: a batch's writes are merged per row and sent at commit.
            writes.bufferUntilCommit(root);
            return Boolean.TRUE;
        });
    }

    private void waitUntilCaughtUp(
            TrackingEventProcessor rebuilder,
            AtomicReference<RebuildStatus> status,
            AtomicLong processed,
            Instant started,
            Duration limit)
            throws InterruptedException {
        EventStore store = context.getBean(EventStore.class);
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            TrackingToken head = store.createHeadToken();
            // An empty store has nothing to read: a segment whose token is still unset has then handled all of it.
            boolean nothingToRead = head == null || CommitOrderTrackingToken.TAIL.equals(head);
            boolean caughtUp = !rebuilder.processingStatus().isEmpty()
                    && rebuilder.processingStatus().values().stream()
                            .allMatch(s -> s.getTrackingToken() == null
                                    ? nothingToRead
                                    : s.getTrackingToken().covers(head));
            status.set(progress(status.get(), status.get().state(), processed.get(), started, null));
            if (caughtUp) {
                return;
            }
            if (rebuilder.isError()) {
                throw new IllegalStateException("The rebuild processor failed");
            }
            Thread.sleep(100); // progress polling of an in-process processor, not a test wait
        }
        throw new IllegalStateException("The rebuild did not catch up within " + limit);
    }

    private void swap(ReadModel model, String shadow, String shadowProcessor) {
        String retired = "retired_" + model.name();
        transactions.executeWithoutResult(tx -> {
            // The switch is the one commit of a rebuild that must survive a crash (the shadow's were asynchronous;
            // this durable commit also makes everything before it in the WAL durable).
            jdbc.execute("SET LOCAL synchronous_commit TO on");
            jdbc.execute("DROP SCHEMA IF EXISTS " + retired + " CASCADE");
            jdbc.execute("CREATE SCHEMA " + retired);
            for (String table : model.tables()) {
                jdbc.execute("ALTER TABLE public." + table + " SET SCHEMA " + retired);
                jdbc.execute("ALTER TABLE " + shadow + "." + table + " SET SCHEMA public");
            }
            model.views()
                    .forEach((view, select) -> jdbc.execute("CREATE OR REPLACE VIEW public." + view + " AS " + select));
            // The live processor is shared with the other read models (ADR 0025), so its position is not the
            // shadow's to take: it stopped at or before the head the shadow caught up with, and resumes there,
            // applying those few events to the new tables again (harmless: projectors are idempotent). A segment
            // another node moved past the shadow's position meanwhile may have written to the retired tables: it
            // goes back to the shadow's position, unclaimed, so that node's next token update fails and its batch
            // runs again on the new tables.
            TrackingToken shadowPosition = lowestToken(shadowProcessor);
            if (shadowPosition != null) {
                rewindPast(ReadModelProcessor.NAME, shadowPosition);
            }
            jdbc.update("DELETE FROM tokenentry WHERE processorname = ?", shadowProcessor);
            jdbc.execute("DROP SCHEMA " + retired + " CASCADE");
            jdbc.execute("DROP SCHEMA " + shadow + " CASCADE");
        });
    }

    /** The shadow's position: the lowest of its segments'; null when it handled nothing (an empty store). */
    private TrackingToken lowestToken(String processor) {
        TrackingToken lowest = null;
        for (Map.Entry<Integer, TrackingToken> segment : tokens(processor)) {
            TrackingToken position = WrappedToken.unwrapLowerBound(segment.getValue());
            if (position == null) {
                return null;
            }
            lowest = lowest == null ? position : lowest.lowerBound(position);
        }
        return lowest;
    }

    /** Sets every segment of {@code processor} that is past {@code position} back to it, without an owner. */
    private void rewindPast(String processor, TrackingToken position) {
        org.axonframework.serialization.SerializedObject<byte[]> serialized = context.getBean(
                        org.axonframework.serialization.Serializer.class)
                .serialize(position, byte[].class);
        for (Map.Entry<Integer, TrackingToken> segment : tokens(processor)) {
            TrackingToken live = WrappedToken.unwrapLowerBound(segment.getValue());
            if (live != null && !position.covers(live)) {
                jdbc.update(
                        "UPDATE tokenentry SET token = ?, tokentype = ?, owner = NULL WHERE processorname = ? "
                                + "AND segment = ?",
                        serialized.getData(),
                        serialized.getType().getName(),
                        processor,
                        segment.getKey());
                log.info("Segment {} of {} set back to {} for the swap", segment.getKey(), processor, position);
            }
        }
    }

    private List<Map.Entry<Integer, TrackingToken>> tokens(String processor) {
        org.axonframework.serialization.Serializer serializer =
                context.getBean(org.axonframework.serialization.Serializer.class);
        return jdbc.query(
                "SELECT segment, token, tokentype FROM tokenentry WHERE processorname = ? AND token IS NOT NULL "
                        + "FOR UPDATE",
                (rs, row) -> Map.entry(rs.getInt(1), (TrackingToken)
                        serializer.deserialize(new org.axonframework.serialization.SimpleSerializedObject<>(
                                rs.getBytes(2), byte[].class, rs.getString(3), null))),
                processor);
    }

    private StreamingEventProcessor liveProcessor(ReadModel model) {
        EventProcessingConfiguration processing = context.getBean(EventProcessingConfiguration.class);
        return processing
                .eventProcessorByProcessingGroup(model.processingGroup(), StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("No processor runs " + model.processingGroup()));
    }

    private static RebuildStatus progress(
            RebuildStatus current, String state, long processed, Instant started, String error) {
        double seconds =
                Math.max(0.001, Duration.between(started, Instant.now()).toMillis() / 1000.0);
        return new RebuildStatus(
                current.model(),
                state,
                processed,
                current.total(),
                processed / seconds,
                started,
                current.finishedAt(),
                error);
    }

    private static ReadModel model(String name) {
        return ReadModel.ALL.stream()
                .filter(model -> model.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new NotFoundException("No read model '" + name + "'; valid: " + ReadModel.names()));
    }
}
