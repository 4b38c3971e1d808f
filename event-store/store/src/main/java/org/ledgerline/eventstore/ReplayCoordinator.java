package org.ledgerline.eventstore;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.ledgerline.kernel.IllegalTransitionException;
import org.ledgerline.kernel.InvalidCommandException;
import org.ledgerline.kernel.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replays a streaming processor on every platform node at once. Axon resets a processor's tokens only while it holds
 * every segment's claim (AxonFramework #550), so a request is written to {@code processor_replay} and each node's
 * coordinator, polling that table, pauses its own copy of the processor (which releases its claims). Whichever node
 * then manages to claim every segment resets the tokens (running the reset handlers once) inside the transaction that
 * marks the request done; every node then starts the processor again. A node that starts while a request is pending
 * pauses at its first poll; a node that still holds a claim simply makes the reset wait for the next poll.
 */
public class ReplayCoordinator implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReplayCoordinator.class);

    private final ReplayRequests requests;
    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final ObjectProvider<EventStore> eventStore;
    private final ObjectProvider<TokenStore> tokenStore;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final String node;
    private final Tracer tracer;
    private final MeterRegistry meters;
    /** Processors this node paused, and for which request. */
    private final Map<String, Long> paused = new ConcurrentHashMap<>();

    private final NodeRounds rounds;

    public ReplayCoordinator(
            ReplayRequests requests,
            ObjectProvider<EventProcessingConfiguration> processing,
            ObjectProvider<EventStore> eventStore,
            ObjectProvider<TokenStore> tokenStore,
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            String node,
            Duration interval,
            OpenTelemetry openTelemetry,
            MeterRegistry meters) {
        this.requests = requests;
        this.processing = processing;
        this.eventStore = eventStore;
        this.tokenStore = tokenStore;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.node = node;
        this.rounds = new NodeRounds("replay-coordinator", node, this::poll, interval);
        this.tracer = openTelemetry.getTracer("org.ledgerline.replay");
        this.meters = meters;
    }

    /** This node's name in token claims and replay requests. */
    public String node() {
        return node;
    }

    /**
     * Records a replay of {@code processorName} from {@code fromPosition} (events after that global index; 0 = all)
     * or from {@code fromTime}; the nodes carry it out within a poll interval or two.
     */
    public ReplayRequest request(String processorName, Long fromPosition, Instant fromTime) {
        StreamingEventProcessor processor = processor(processorName).orElseThrow(() -> unknown(processorName));
        if (!processor.supportsReset()) {
            throw new IllegalTransitionException(
                    "Processor " + processorName + " cannot be replayed (it has no "
                            + "reset support, e.g. a saga processor)",
                    "NO_RESET");
        }
        if (fromPosition != null && fromTime != null) {
            throw new InvalidCommandException("Give a start position or a start time, not both");
        }
        if (fromPosition != null) {
            startAt(fromPosition);
        }
        ReplayRequest request = requests.request(processorName, fromPosition, fromTime, node);
        meters.counter("ledgerline.replay.requests", "processor", processorName).increment();
        log.info(
                "Replay {} of processor {} requested (from position {}, from time {})",
                request.id(),
                processorName,
                fromPosition,
                fromTime);
        rounds.runNow();
        return request;
    }

    /** The names of this node's streaming processors. */
    public Set<String> processorNames() {
        EventProcessingConfiguration configuration = processing.getObject();
        return configuration.eventProcessors().keySet().stream()
                .filter(name -> configuration
                        .eventProcessor(name, StreamingEventProcessor.class)
                        .isPresent())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    public NotFoundException unknown(String processorName) {
        return new NotFoundException("No processor '" + processorName + "'; valid: " + processorNames());
    }

    /** One round: pause for pending requests, try the resets, resume what is done. Public for tests and tools. */
    public synchronized void poll() {
        List<ReplayRequest> pending = requests.pending();
        Set<Long> pendingIds = pending.stream().map(ReplayRequest::id).collect(Collectors.toSet());
        for (ReplayRequest request : pending) {
            Optional<StreamingEventProcessor> processor = processor(request.processor());
            if (processor.isEmpty()) {
                continue;
            }
            if (paused.putIfAbsent(request.processor(), request.id()) == null) {
                log.info("Pausing processor {} on node {} for replay {}", request.processor(), node, request.id());
                processor.get().shutDown();
            }
            tryReset(request, processor.get());
        }
        paused.forEach((name, id) -> {
            if (!pendingIds.contains(id)) {
                paused.remove(name, id);
                processor(name).ifPresent(processor -> {
                    log.info("Resuming processor {} on node {} after replay {}", name, node, id);
                    processor.start();
                });
            }
        });
    }

    private void tryReset(ReplayRequest request, StreamingEventProcessor processor) {
        Span span = tracer.spanBuilder("processor reset")
                .setAttribute("ledgerline.processor", request.processor())
                .setAttribute("ledgerline.replay.id", request.id())
                .startSpan();
        try {
            Boolean reset = transactions.execute(tx -> {
                if (requests.lockPending(request.id()).isEmpty()) {
                    return false;
                }
                TrackingToken start = start(request);
                // Claims every segment (fails while any other node still holds one), runs the reset handlers once.
                processor.resetTokens(start);
                TokenStore tokens = tokenStore.getObject();
                for (int segment : tokens.fetchSegments(request.processor())) {
                    tokens.releaseClaim(request.processor(), segment);
                }
                requests.finish(request.id(), ReplayRequest.DONE, node, null);
                return true;
            });
            if (Boolean.TRUE.equals(reset)) {
                meters.counter("ledgerline.replay.resets", "processor", request.processor())
                        .increment();
                log.info("Processor {} reset by node {} for replay {}", request.processor(), node, request.id());
            }
        } catch (UnableToClaimTokenException e) {
            span.setAttribute("ledgerline.replay.waiting", true);
            log.debug("Replay {}: another node still holds a claim of {}", request.id(), request.processor());
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
            log.warn("Replay {} of processor {} failed: {}", request.id(), request.processor(), e.toString());
            meters.counter("ledgerline.replay.failures", "processor", request.processor())
                    .increment();
            requests.finish(
                    request.id(), ReplayRequest.FAILED, node, e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            span.end();
        }
    }

    private TrackingToken start(ReplayRequest request) {
        if (request.fromTime() != null) {
            return eventStore.getObject().createTokenAt(request.fromTime());
        }
        return startAt(request.fromPosition() == null ? 0 : request.fromPosition());
    }

    /** The token just after the event at {@code position}, so a replay reads the events that followed it. */
    private TrackingToken startAt(long position) {
        if (position < 0) {
            throw new InvalidCommandException("A start position is 0 or more, not " + position);
        }
        if (position == 0) {
            return CommitOrderTrackingToken.TAIL;
        }
        List<Long> transaction =
                jdbc.queryForList("SELECT tx_id FROM domainevententry WHERE globalindex = ?", Long.class, position);
        if (transaction.isEmpty()) {
            throw new InvalidCommandException("There is no event at position " + position);
        }
        return new CommitOrderTrackingToken(transaction.getFirst(), position);
    }

    private Optional<StreamingEventProcessor> processor(String name) {
        return processing.getObject().eventProcessor(name, StreamingEventProcessor.class);
    }

    @Override
    public void start() {
        rounds.start();
    }

    @Override
    public void stop() {
        rounds.stop();
    }

    @Override
    public boolean isRunning() {
        return rounds.isRunning();
    }

    /** Last to start (after Axon started the processors it may have to pause), first to stop. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
