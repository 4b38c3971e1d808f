package org.ledgerline.platform.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.ledgerline.http.Access;
import org.ledgerline.kernel.AdminAudit;
import org.ledgerline.kernel.NotFoundException;
import org.ledgerline.platform.telemetry.ActorMetadata;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dead letters of event processors with a dead-letter queue: what failed, why, and a retry once the cause is fixed.
 * Letters of one sequence (aggregate) are retried in order; a letter that fails again stays, with its new cause.
 */
@RestController
@RequestMapping("/api/v1/admin/dead-letters")
@Tag(name = "Admin")
@Access(Access.Rule.ADMIN)
class DeadLetterController {

    private static final int RETRY_LIMIT = 10_000;

    private final EventProcessingConfiguration processing;
    private final AdminAudit audit;
    private final Serializer serializer;

    DeadLetterController(EventProcessingConfiguration processing, AdminAudit audit, Serializer serializer) {
        this.processing = processing;
        this.audit = audit;
        this.serializer = serializer;
    }

    /** {@code type}: the event's published name ({@code product.ProductRenamed}), whatever name the letter was stored under. */
    record Letter(
            String sequence,
            String eventId,
            String type,
            @Nullable String aggregateId,
            @Nullable Long aggregateSequence,
            @Nullable String cause,
            Instant enqueuedAt,
            @Nullable Instant lastTouched) {}

    record RetryResult(String processor, int retried, long remaining) {}

    @GetMapping
    @Operation(summary = "List dead letters of a processor")
    List<Letter> list(@RequestParam String processor) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queueOf(processor);
        List<Letter> letters = new ArrayList<>();
        int sequence = 0;
        for (Iterable<DeadLetter<? extends EventMessage<?>>> letterSequence : queue.deadLetters()) {
            sequence++;
            for (DeadLetter<? extends EventMessage<?>> letter : letterSequence) {
                EventMessage<?> message = letter.message();
                DomainEventMessage<?> domain = message instanceof DomainEventMessage<?> d ? d : null;
                letters.add(new Letter(
                        "sequence-" + sequence,
                        message.getIdentifier(),
                        serializer.typeForClass(message.getPayloadType()).getName(),
                        domain == null ? null : domain.getAggregateIdentifier(),
                        domain == null ? null : domain.getSequenceNumber(),
                        letter.cause()
                                .map(cause -> cause.type() + ": " + cause.message())
                                .orElse(null),
                        letter.enqueuedAt(),
                        letter.lastTouched()));
            }
        }
        return letters;
    }

    @PostMapping("/{processor}/retry")
    @Operation(
            summary = "Retry a processor's dead letters",
            description = "Processes every sequence once more; "
                    + "answers how many letters left the queue and how many remain.")
    RetryResult retry(@PathVariable String processor) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queueOf(processor);
        SequencedDeadLetterProcessor<EventMessage<?>> retrier =
                processing.sequencedDeadLetterProcessor(processor).orElseThrow(() -> unknown(processor));
        long before = queue.amountOfSequences() == 0 ? 0 : countLetters(queue);
        int attempts = 0;
        long sequences = queue.amountOfSequences();
        while (attempts < sequences && attempts < RETRY_LIMIT && retrier.processAny()) {
            attempts++;
        }
        long after = countLetters(queue);
        audit.record(
                ActorMetadata.currentActor(),
                "dead-letter.retry",
                processor,
                "retried=" + (before - after) + " remaining=" + after);
        return new RetryResult(processor, (int) (before - after), after);
    }

    record EvictResult(String processor, long evicted, long remaining) {}

    @DeleteMapping("/{processor}")
    @Operation(
            summary = "Evict dead letters of a processor",
            description = "With eventId: that letter only; "
                    + "without: every letter of the processor. Evicted events are not handled again (a replay would).")
    EvictResult evict(@PathVariable String processor, @RequestParam(required = false) String eventId) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queueOf(processor);
        long before = queue.size();
        if (eventId == null || eventId.isBlank()) {
            queue.clear();
        } else {
            DeadLetter<? extends EventMessage<?>> letter = find(queue, eventId)
                    .orElseThrow(
                            () -> new NotFoundException("No dead letter of event " + eventId + " in " + processor));
            evictOne(queue, letter);
        }
        long after = queue.size();
        audit.record(
                ActorMetadata.currentActor(),
                "dead-letter.evict",
                processor,
                (eventId == null || eventId.isBlank() ? "all" : "event " + eventId) + ", " + (before - after));
        return new EvictResult(processor, before - after, after);
    }

    private static Optional<DeadLetter<? extends EventMessage<?>>> find(
            SequencedDeadLetterQueue<EventMessage<?>> queue, String eventId) {
        for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
            for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                if (letter.message().getIdentifier().equals(eventId)) {
                    return Optional.of(letter);
                }
            }
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static void evictOne(
            SequencedDeadLetterQueue<EventMessage<?>> queue, DeadLetter<? extends EventMessage<?>> letter) {
        queue.evict((DeadLetter<? extends EventMessage<?>>) letter);
    }

    private static long countLetters(SequencedDeadLetterQueue<EventMessage<?>> queue) {
        long count = 0;
        for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
            for (DeadLetter<? extends EventMessage<?>> ignored : sequence) {
                count++;
            }
        }
        return count;
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queueOf(String processor) {
        return processing.deadLetterQueue(processor).orElseThrow(() -> unknown(processor));
    }

    private NotFoundException unknown(String processor) {
        Set<String> valid = new TreeSet<>();
        processing.eventProcessors().keySet().forEach(name -> {
            if (processing.deadLetterQueue(name).isPresent()) {
                valid.add(name);
            }
        });
        return new NotFoundException("No processor '" + processor + "' with a dead-letter queue; valid: " + valid);
    }
}
