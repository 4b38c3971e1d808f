package org.ledgerline.platform.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.ledgerline.eventstore.CommitOrderTrackingToken;
import org.ledgerline.eventstore.http.NotFoundException;
import org.ledgerline.kernel.AdminAudit;
import org.ledgerline.platform.telemetry.ActorMetadata;
import org.ledgerline.projections.rebuild.BlueGreenRebuilds;
import org.ledgerline.projections.rebuild.RebuildStatus;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Event processors and read models for operators (and the {@code ledgerline} CLI): where each processor stands,
 * replay from position 0, blue/green rebuild of a read model.
 */
@RestController
@RequestMapping("/api/v1/admin")
@Tag(name = "Admin")
class ProcessorController {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final BlueGreenRebuilds rebuilds;
    private final AdminAudit audit;

    ProcessorController(EventProcessingConfiguration processing, EventStore eventStore, BlueGreenRebuilds rebuilds,
                        AdminAudit audit) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.rebuilds = rebuilds;
        this.audit = audit;
    }

    record Processor(String name, String status, Long position, Long headPosition, int segments, boolean replaying,
                     boolean caughtUp) {
    }

    @GetMapping("/processors")
    @Operation(summary = "Event processors and where they stand")
    List<Processor> processors() {
        TrackingToken head = eventStore.createHeadToken();
        return processing.eventProcessors().keySet().stream().sorted()
                         .flatMap(name -> processing.eventProcessor(name, StreamingEventProcessor.class).stream()
                                                    .map(processor -> describe(name, processor, head)))
                         .toList();
    }

    @PostMapping("/processors/{name}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Replay a processor from position 0", description = "Stops it, resets its tokens (its "
            + "read model's reset handler clears its tables) and starts it again.")
    Processor replay(@PathVariable String name) {
        StreamingEventProcessor processor = streaming(name);
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        audit.record(ActorMetadata.currentActor(), "processor.replay", name, null);
        return describe(name, processor, eventStore.createHeadToken());
    }

    @PostMapping("/read-models/{model}/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Rebuild a read model blue/green", description = "The live model keeps serving until the "
            + "rebuilt one has caught up and is swapped in. Follow with GET.")
    RebuildStatus rebuild(@PathVariable String model) {
        RebuildStatus status = rebuilds.start(model);
        audit.record(ActorMetadata.currentActor(), "read-model.rebuild", model, null);
        return status;
    }

    @GetMapping("/read-models/{model}/rebuild")
    @Operation(summary = "The last rebuild of a read model")
    RebuildStatus rebuildStatus(@PathVariable String model) {
        return rebuilds.status(model).orElseThrow(() -> new NotFoundException("No rebuild of " + model + " yet"));
    }

    private StreamingEventProcessor streaming(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class).orElseThrow(
                () -> new NotFoundException("No processor '" + name + "'; valid: "
                                                    + new TreeSet<>(processing.eventProcessors().keySet())));
    }

    private static Processor describe(String name, StreamingEventProcessor processor, TrackingToken head) {
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        Long position = status.values().stream()
                              .map(EventTrackerStatus::getTrackingToken)
                              .map(token -> token == null ? null : WrappedToken.unwrapLowerBound(token))
                              .filter(CommitOrderTrackingToken.class::isInstance)
                              .map(token -> ((CommitOrderTrackingToken) token).globalIndex())
                              .min(Long::compare).orElse(null);
        Long headPosition = head instanceof CommitOrderTrackingToken token ? token.globalIndex() : null;
        boolean replaying = status.values().stream().anyMatch(EventTrackerStatus::isReplaying);
        boolean caughtUp = !status.isEmpty() && status.values().stream().allMatch(EventTrackerStatus::isCaughtUp);
        String state = processor.isError() ? "ERROR" : processor.isRunning() ? "RUNNING" : "STOPPED";
        return new Processor(name, state, position, headPosition, status.size(), replaying, caughtUp);
    }
}
