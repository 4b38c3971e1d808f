package org.ledgerline.platform.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.ledgerline.eventstore.CommitOrderTrackingToken;
import org.ledgerline.eventstore.ProcessorTokens;
import org.ledgerline.eventstore.ReplayCoordinator;
import org.ledgerline.eventstore.ReplayRequest;
import org.ledgerline.eventstore.ReplayRequests;
import org.ledgerline.http.Access;
import org.ledgerline.kernel.AdminAudit;
import org.ledgerline.kernel.IllegalTransitionException;
import org.ledgerline.platform.telemetry.ActorMetadata;
import org.ledgerline.projections.config.ReadModelProcessor;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Event processors for operators (and the {@code ledgerline} CLI): where each processor stands on
 * all nodes together (read from the shared token table), replays coordinated across nodes. (Read-model rebuilds:
 * the projections module's {@code ReadModelRebuildController}.)
 */
@RestController
@RequestMapping("/api/v1/admin")
@Tag(name = "Admin")
@Access(Access.Rule.ADMIN)
class ProcessorController {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final ReplayCoordinator replays;
    private final ReplayRequests requests;
    private final ProcessorTokens tokens;
    private final AdminAudit audit;

    ProcessorController(
            EventProcessingConfiguration processing,
            EventStore eventStore,
            ReplayCoordinator replays,
            ReplayRequests requests,
            ProcessorTokens tokens,
            AdminAudit audit) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.replays = replays;
        this.requests = requests;
        this.tokens = tokens;
        this.audit = audit;
    }

    /**
     * A processor on all nodes.
     *
     * @param status      this node's copy: RUNNING, STOPPED (e.g. paused for a replay) or ERROR
     * @param position    the lowest global index its segments have handled (null before the first event)
     * @param lag         headPosition - position, in global indexes (about the events still to handle)
     * @param claims      each segment: which node holds it and where it stands
     * @param deadLetters letters in its dead-letter queues (one per processing group), null when it has none
     * @param replay      its latest replay request, null if it was never replayed
     * @param groups      the processing groups it runs: for {@code read-models}, the read models, each with dead
     *                    letters and a blue/green rebuild of its own (ADR 0025)
     */
    record Processor(
            String name,
            String status,
            @Nullable Long position,
            @Nullable Long headPosition,
            @Nullable Long lag,
            int segments,
            List<Claim> claims,
            boolean replaying,
            boolean caughtUp,
            @Nullable Long deadLetters,
            @Nullable Replay replay,
            List<String> groups) {}

    record Claim(
            int segment, @Nullable String owner, @Nullable Long position, boolean replaying) {}

    record Replay(
            long id,
            String state,
            @Nullable Long fromPosition,
            @Nullable Instant fromTime,
            String requestedBy,
            Instant requestedAt,
            @Nullable String resetBy,
            @Nullable Instant finishedAt,
            @Nullable String error) {

        static Replay of(ReplayRequest request) {
            return new Replay(
                    request.id(),
                    request.state(),
                    request.fromPosition(),
                    request.fromTime(),
                    request.requestedBy(),
                    request.requestedAt(),
                    request.resetBy(),
                    request.finishedAt(),
                    request.error());
        }
    }

    @GetMapping("/processors")
    @Operation(summary = "Event processors and where they stand")
    List<Processor> processors() {
        TrackingToken head = eventStore.createHeadToken();
        return replays.processorNames().stream()
                .map(name -> describe(name, head))
                .toList();
    }

    @GetMapping("/processors/{name}")
    @Operation(summary = "One event processor, with its latest replay")
    Processor processor(@PathVariable String name) {
        streaming(name);
        return describe(name, eventStore.createHeadToken());
    }

    @PostMapping("/processors/{name}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(
            summary = "Replay a processor",
            description = "Records the request; every node pauses the processor, "
                    + "one resets its tokens (its read model's reset handler clears its tables), every node resumes. "
                    + "From position 0 unless fromPosition (replay the events after it) or fromTime is given. Follow with "
                    + "GET /processors/{name}: replay.state DONE and caughtUp true mean finished. The read models "
                    + "share the processor read-models: replaying it replays all of them; one read model alone is "
                    + "rebuilt blue/green instead (POST /api/v1/admin/read-models/{model}/rebuild), and naming one "
                    + "here answers 409 saying so.")
    Processor replay(
            @PathVariable String name,
            @RequestParam(required = false) Long fromPosition,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant fromTime) {
        sharedGroup(name);
        streaming(name);
        replays.request(name, fromPosition, fromTime);
        audit.record(
                ActorMetadata.currentActor(),
                "processor.replay",
                name,
                fromPosition != null
                        ? "fromPosition=" + fromPosition
                        : fromTime != null ? "fromTime=" + fromTime : null);
        return describe(name, eventStore.createHeadToken());
    }

    /** A read model's processing group is not a processor of its own: replaying it alone is a rebuild. */
    private void sharedGroup(String name) {
        if (processing.eventProcessor(name, StreamingEventProcessor.class).isPresent()) {
            return;
        }
        processing
                .eventProcessorByProcessingGroup(name, StreamingEventProcessor.class)
                .ifPresent(shared -> {
                    throw new IllegalTransitionException(
                            "'" + name + "' is a read model of processor " + shared.getName() + ", which it shares "
                                    + "with "
                                    + groupsOf(shared.getName()).stream()
                                            .filter(group -> !group.equals(name))
                                            .toList()
                                    + ". Replay it alone as a blue/green rebuild: POST /api/v1/admin/read-models/"
                                    + name + "/rebuild ('ledgerline replay " + name + "' does that); replay all of "
                                    + "them: POST /api/v1/admin/processors/" + shared.getName() + "/replay.",
                            "SHARED_PROCESSOR");
                });
    }

    /** The processing groups {@code processor} runs: the read models' groups assigned to it, else its own name. */
    private List<String> groupsOf(String processor) {
        List<String> groups = new ArrayList<>();
        for (String group : ReadModelProcessor.GROUPS) {
            boolean runs = processing
                    .eventProcessorByProcessingGroup(group, StreamingEventProcessor.class)
                    .map(p -> p.getName().equals(processor))
                    .orElse(false);
            if (runs) {
                groups.add(group);
            }
        }
        return groups.isEmpty() ? List.of(processor) : groups;
    }

    private StreamingEventProcessor streaming(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class).orElseThrow(() -> replays.unknown(name));
    }

    private Processor describe(String name, TrackingToken head) {
        StreamingEventProcessor processor = streaming(name);
        // The replay first, the tokens after: a reset commits its tokens and its DONE together, so tokens read after
        // a DONE are the reset's. Read the other way round, a reset committing in between pairs the old, caught-up
        // tokens with DONE, and a client waiting for "DONE and caught up" stops before the replay has begun.
        Replay replay = requests.latest(name).map(Replay::of).orElse(null);
        List<ProcessorTokens.Segment> segments = tokens.of(name);
        List<Claim> claims = segments.stream()
                .map(s -> new Claim(s.segment(), s.owner(), s.position(), s.replaying()))
                .toList();
        // A segment that has handled nothing yet makes the processor's position unknown (null), not its minimum.
        boolean unknown = segments.isEmpty() || segments.stream().anyMatch(s -> s.position() == null);
        Long position = unknown
                ? null
                : segments.stream()
                        .mapToLong(ProcessorTokens.Segment::position)
                        .min()
                        .getAsLong();
        Long headPosition = head instanceof CommitOrderTrackingToken token ? token.globalIndex() : null;
        boolean replaying = segments.stream().anyMatch(ProcessorTokens.Segment::replaying);
        boolean caughtUp = !segments.isEmpty() && segments.stream().allMatch(s -> covers(s.token(), head));
        Long lag = headPosition == null ? null : Math.max(0, headPosition - (position == null ? 0 : position));
        if (caughtUp) {
            lag = 0L;
        }
        String state = processor.isError() ? "ERROR" : processor.isRunning() ? "RUNNING" : "STOPPED";
        List<String> groups = groupsOf(name);
        Long deadLetters = null;
        for (String group : groups) {
            Long letters =
                    processing.deadLetterQueue(group).map(queue -> queue.size()).orElse(null);
            if (letters != null) {
                deadLetters = (deadLetters == null ? 0 : deadLetters) + letters;
            }
        }
        return new Processor(
                name,
                state,
                position,
                headPosition,
                lag,
                segments.size(),
                claims,
                replaying,
                caughtUp,
                deadLetters,
                replay,
                groups);
    }

    private static boolean covers(TrackingToken token, TrackingToken head) {
        return token != null
                && WrappedToken.unwrapLowerBound(token) instanceof CommitOrderTrackingToken position
                && head instanceof CommitOrderTrackingToken
                && position.covers(head);
    }
}
