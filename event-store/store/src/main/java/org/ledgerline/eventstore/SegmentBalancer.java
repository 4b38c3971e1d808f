package org.ledgerline.eventstore;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Spreads the segments of chosen streaming processors over the live platform nodes (ADR 0023). Axon's claims are
 * first come, first served: the first node to start claims every segment it has a thread for, which is all of them.
 * Each node's balancer, every {@code interval}, writes its heartbeat to {@code processor_node}, reads which nodes are
 * live (a heartbeat within {@code nodeTimeout}, by the database's clock) and who holds which segment
 * ({@code tokenentry}), and, when it holds more than its fair share while another live node holds less
 * ({@link SegmentShare}), releases the excess with {@link StreamingEventProcessor#releaseSegment(int, long, TimeUnit)}:
 * for {@code releaseDuration} this node will not claim it again, so a node with a free thread does. Threads per node
 * stay one per segment: a node alone still claims everything, and a node whose peers die takes their segments back
 * once their claims time out. After a release the processor waits {@code releaseDuration} before the next decision.
 */
public class SegmentBalancer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);

    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final JdbcTemplate jdbc;
    private final String node;
    private final List<String> processors;
    private final Duration nodeTimeout;
    private final Duration releaseDuration;
    private final Tracer tracer;
    private final MeterRegistry meters;
    private final AtomicInteger liveNodes = new AtomicInteger();
    private final Map<String, AtomicInteger> fairShares = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> held = new ConcurrentHashMap<>();
    /** Per processor: no decision before this time (System.nanoTime), after a release. */
    private final Map<String, Long> quietUntil = new ConcurrentHashMap<>();

    private final NodeRounds rounds;

    public SegmentBalancer(
            ObjectProvider<EventProcessingConfiguration> processing,
            JdbcTemplate jdbc,
            String node,
            List<String> processors,
            Duration interval,
            Duration nodeTimeout,
            Duration releaseDuration,
            OpenTelemetry openTelemetry,
            MeterRegistry meters) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.node = node;
        this.processors = List.copyOf(processors);
        this.rounds = new NodeRounds("segment-balancer", node, this::balance, interval);
        this.nodeTimeout = nodeTimeout;
        this.releaseDuration = releaseDuration;
        this.tracer = openTelemetry.getTracer("org.ledgerline.balance");
        this.meters = meters;
        Gauge.builder("ledgerline.processor.balance.nodes", liveNodes, AtomicInteger::get)
                .description("Live nodes this node sees in processor_node")
                .register(meters);
    }

    /** One round: heartbeat, then a decision per balanced processor. Public for tests and tools. */
    public synchronized void balance() {
        Map<String, StreamingEventProcessor> running = new HashMap<>();
        for (String name : processors) {
            processor(name).filter(StreamingEventProcessor::isRunning).ifPresent(p -> running.put(name, p));
        }
        heartbeat(running.keySet());
        List<Map<String, Object>> nodes = jdbc.queryForList(
                "SELECT node_id, processors FROM processor_node WHERE heartbeat_at > now() - make_interval(secs => ?)",
                nodeTimeout.toMillis() / 1000.0);
        liveNodes.set(nodes.size());
        running.forEach((name, processor) -> {
            Long quiet = quietUntil.get(name);
            if (quiet != null && System.nanoTime() - quiet < 0) {
                return;
            }
            Set<String> live = new HashSet<>();
            live.add(node);
            for (Map<String, Object> row : nodes) {
                if (List.of(((String) row.get("processors")).split(",")).contains(name)) {
                    live.add((String) row.get("node_id"));
                }
            }
            decide(name, processor, live);
        });
    }

    private void decide(String name, StreamingEventProcessor processor, Set<String> live) {
        Map<String, Integer> claims = new HashMap<>();
        int[] segments = {0};
        jdbc.query(
                "SELECT owner, count(*) AS n FROM tokenentry WHERE processorname = ? GROUP BY owner",
                row -> {
                    int n = row.getInt("n");
                    segments[0] += n;
                    String owner = row.getString("owner");
                    if (owner != null) {
                        claims.put(owner, n);
                    }
                },
                name);
        if (segments[0] == 0) {
            return;
        }
        SegmentShare share = new SegmentShare(node, segments[0], live, claims);
        gauge(fairShares, "ledgerline.processor.balance.fair.share", name).set(share.fairShare());
        gauge(held, "ledgerline.processor.balance.held", name).set(share.mine());
        int release = share.toRelease();
        if (release == 0) {
            return;
        }
        Span span = tracer.spanBuilder("segments release")
                .setAttribute("ledgerline.processor", name)
                .setAttribute("ledgerline.node", node)
                .setAttribute("ledgerline.balance.live_nodes", live.size())
                .setAttribute("ledgerline.balance.fair_share", share.fairShare())
                .setAttribute("ledgerline.balance.held", share.mine())
                .startSpan();
        try {
            List<Integer> mine = new ArrayList<>(processor.processingStatus().keySet());
            mine.sort(Comparator.reverseOrder());
            List<Integer> released = mine.subList(0, Math.min(release, mine.size()));
            for (int segment : released) {
                processor.releaseSegment(segment, releaseDuration.toMillis(), TimeUnit.MILLISECONDS);
            }
            span.setAttribute("ledgerline.balance.released", released.size());
            quietUntil.put(name, System.nanoTime() + releaseDuration.toNanos());
            meters.counter("ledgerline.processor.balance.releases", "processor", name)
                    .increment(released.size());
            log.info(
                    "Node {} releases segments {} of {} (held {} of {}, fair share {} over {} live nodes {})",
                    node,
                    released,
                    name,
                    share.mine(),
                    share.segments(),
                    share.fairShare(),
                    live.size(),
                    live);
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
            throw e;
        } finally {
            span.end();
        }
    }

    private AtomicInteger gauge(Map<String, AtomicInteger> gauges, String metric, String processorName) {
        return gauges.computeIfAbsent(processorName, name -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder(metric, value, AtomicInteger::get)
                    .tag("processor", name)
                    .register(meters);
            return value;
        });
    }

    private void heartbeat(Set<String> running) {
        jdbc.update(
                "INSERT INTO processor_node (node_id, processors) VALUES (?, ?) ON CONFLICT (node_id) "
                        + "DO UPDATE SET processors = excluded.processors, heartbeat_at = now()",
                node,
                String.join(",", running));
        // Rows of nodes gone long ago (renamed pods) would pile up.
        jdbc.update("DELETE FROM processor_node WHERE heartbeat_at < now() - interval '1 day'");
    }

    private Optional<StreamingEventProcessor> processor(String name) {
        return processing.getObject().eventProcessor(name, StreamingEventProcessor.class);
    }

    @Override
    public void start() {
        rounds.start();
    }

    /** Leaves at once: the other nodes' next round counts one node less (its claims are released by Axon's stop). */
    @Override
    public synchronized void stop() {
        if (rounds.stop()) {
            try {
                jdbc.update("DELETE FROM processor_node WHERE node_id = ?", node);
            } catch (RuntimeException e) {
                log.warn("Node {} could not remove its heartbeat: {}", node, e.toString());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return rounds.isRunning();
    }

    /** After Axon started the processors, stopped before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
