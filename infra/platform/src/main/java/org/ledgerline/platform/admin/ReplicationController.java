package org.ledgerline.platform.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.Nullable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;
import org.ledgerline.eventstore.CommitOrderTrackingToken;
import org.ledgerline.http.Access;
import org.ledgerline.kernel.NotFoundException;
import org.ledgerline.replication.kafka.ReplicationMonitor;
import org.ledgerline.replication.kafka.ReplicationStatus;
import org.ledgerline.replication.kafka.Republisher;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Where the Kafka replica stands. */
@RestController
@RequestMapping("/api/v1/admin/replication")
@Tag(name = "Admin")
@Access(Access.Rule.ADMIN)
class ReplicationController {

    private final ObjectProvider<ReplicationMonitor> monitor;
    private final ObjectProvider<ReplicationStatus> status;
    private final ObjectProvider<Republisher> republisher;

    ReplicationController(
            ObjectProvider<ReplicationMonitor> monitor,
            ObjectProvider<ReplicationStatus> status,
            ObjectProvider<Republisher> republisher) {
        this.monitor = monitor;
        this.status = status;
        this.republisher = republisher;
    }

    /** A range of global indexes to send again; {@code toPosition} null: up to the newest event. */
    record Republish(
            @NotNull @PositiveOrZero Long fromPosition,
            @PositiveOrZero Long toPosition) {}

    @PostMapping("/republish")
    @Operation(
            summary = "Send a range of events to Kafka again",
            description =
                    "Same records as the replicator "
                            + "(same key and ce_id, so deduplicating consumers are unaffected); answers once Kafka acknowledged them.")
    Republisher.Result republish(@Valid @RequestBody Republish range) {
        Republisher sender = republisher.getIfAvailable();
        if (sender == null) {
            throw new NotFoundException("Replication to Kafka is off (ledgerline.replication.enabled=false)");
        }
        return sender.republish(range.fromPosition(), range.toPosition());
    }

    /**
     * {@code position}: the last event Kafka acknowledged; {@code head}: the store's newest (global indexes);
     * {@code lastErrorReason}: the failure's kind ({@code authentication}, {@code tls}, {@code authorization},
     * {@code timeout}, {@code unavailable}).
     */
    record Replication(
            @Nullable Long position,
            @Nullable Long head,
            long lagEvents,
            double lagSeconds,
            @Nullable Instant lastAcknowledged,
            @Nullable String lastError,
            @Nullable Instant lastErrorAt,
            @Nullable String lastErrorReason) {}

    @GetMapping
    @Operation(summary = "Replication position, lag and last error")
    Replication replication() {
        ReplicationMonitor replication = monitor.getIfAvailable();
        ReplicationStatus current = status.getIfAvailable();
        if (replication == null || current == null) {
            throw new NotFoundException("Replication to Kafka is off (ledgerline.replication.enabled=false)");
        }
        replication.measure();
        ReplicationStatus.Failure failure = current.lastFailure();
        return new Replication(
                replication
                        .position()
                        .map(CommitOrderTrackingToken::globalIndex)
                        .orElse(null),
                replication.head().orElse(null),
                current.lagEvents(),
                current.lagSeconds(),
                current.lastAcknowledged(),
                failure == null ? null : failure.error(),
                failure == null ? null : failure.at(),
                failure == null ? null : failure.reason());
    }
}
