package org.ledgerline.eventstore;

import jakarta.annotation.Nullable;
import java.time.Instant;

/** One row of the admin audit log. */
public record AuditEntry(
        long id,
        Instant at,
        String actor,
        String action,
        @Nullable String target,
        @Nullable String detail) {}
