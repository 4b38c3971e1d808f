package org.ledgerline.platform.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.ledgerline.eventstore.CommitOrderTrackingToken;
import org.ledgerline.eventstore.ProcessorTokens;
import org.ledgerline.eventstore.ReplayCoordinator;
import org.ledgerline.eventstore.ReplayRequest;
import org.ledgerline.eventstore.ReplayRequests;
import org.ledgerline.kernel.AdminAudit;

/**
 * What {@code GET /processors/{name}} answers while a replay's reset commits. Clients (the CLI's {@code replay}, the
 * docs) take "replay DONE, caught up, not replaying" as finished, so that answer must never pair a DONE with the
 * tokens from before the reset.
 */
class ProcessorControllerTest {

    private static final String NAME = "products";
    private static final CommitOrderTrackingToken HEAD = new CommitOrderTrackingToken(40, 16);

    /** The store: before the reset, the processor is caught up and the replay pending; the reset flips both at once. */
    private final AtomicBoolean resetCommitted = new AtomicBoolean();

    private final ReplayRequests requests = mock(ReplayRequests.class);
    private final ProcessorTokens tokens = mock(ProcessorTokens.class);
    private final ProcessorController controller = controller();

    @Test
    void a_reset_committing_between_the_reads_never_looks_like_a_finished_replay() {
        // The reset commits just after whichever of the two reads comes first.
        when(requests.latest(NAME)).thenAnswer(call -> {
            Optional<ReplayRequest> seen = Optional.of(request(resetCommitted.get()));
            resetCommitted.set(true);
            return seen;
        });
        when(tokens.of(NAME)).thenAnswer(call -> {
            List<ProcessorTokens.Segment> seen = segments(resetCommitted.get());
            resetCommitted.set(true);
            return seen;
        });

        ProcessorController.Processor view = controller.processor(NAME);

        assertThat(finished(view))
                .as("DONE %s, caught up %s, replaying %s", view.replay().state(), view.caughtUp(), view.replaying())
                .isFalse();
    }

    @Test
    void a_replay_that_has_caught_up_again_reads_as_finished() {
        when(requests.latest(NAME)).thenReturn(Optional.of(request(true)));
        when(tokens.of(NAME)).thenReturn(List.of(new ProcessorTokens.Segment(0, "node-1", null, 16L, false, HEAD)));

        assertThat(finished(controller.processor(NAME))).isTrue();
    }

    private static boolean finished(ProcessorController.Processor view) {
        return view.replay() != null
                && view.replay().state().equals(ReplayRequest.DONE)
                && view.caughtUp()
                && !view.replaying();
    }

    private static ReplayRequest request(boolean reset) {
        return new ReplayRequest(
                7,
                NAME,
                null,
                null,
                reset ? ReplayRequest.DONE : ReplayRequest.PENDING,
                "node-1",
                Instant.parse("2026-12-07T00:00:00Z"),
                reset ? "node-1" : null,
                reset ? Instant.parse("2026-12-07T00:00:01Z") : null,
                null);
    }

    /** Caught up at the head before the reset; a replay token from the tail after it. */
    private static List<ProcessorTokens.Segment> segments(boolean reset) {
        if (!reset) {
            return List.of(new ProcessorTokens.Segment(0, null, null, 16L, false, HEAD));
        }
        TrackingToken replay = ReplayToken.createReplayToken(HEAD, CommitOrderTrackingToken.TAIL);
        return List.of(new ProcessorTokens.Segment(0, null, null, 0L, true, replay));
    }

    private ProcessorController controller() {
        EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
        StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
        when(processing.eventProcessor(eq(NAME), eq(StreamingEventProcessor.class)))
                .thenReturn(Optional.of(processor));
        when(processing.deadLetterQueue(any())).thenReturn(Optional.empty());
        EventStore eventStore = mock(EventStore.class);
        when(eventStore.createHeadToken()).thenReturn(HEAD);
        return new ProcessorController(
                processing, eventStore, mock(ReplayCoordinator.class), requests, tokens, mock(AdminAudit.class));
    }
}
