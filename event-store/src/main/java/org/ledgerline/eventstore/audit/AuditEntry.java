package org.ledgerline.eventstore.audit;

import java.time.Instant;

/** One row of the admin audit log. */
public record AuditEntry(long id, Instant at, String actor, String action, String target, String detail) {
}
