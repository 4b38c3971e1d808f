package org.ledgerline.platform.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.Nullable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.ledgerline.eventstore.AuditEntry;
import org.ledgerline.eventstore.JdbcAdminAudit;
import org.ledgerline.http.Access;
import org.ledgerline.kernel.InvalidCommandException;
import org.ledgerline.projections.web.Cursors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The admin audit log, newest first, keyset-paged. */
@RestController
@RequestMapping("/api/v1/admin/audit")
@Tag(name = "Admin")
@Access(Access.Rule.ADMIN)
class AuditController {

    private final JdbcAdminAudit audit;

    AuditController(JdbcAdminAudit audit) {
        this.audit = audit;
    }

    record AuditPage(List<AuditEntry> items, @Nullable String nextCursor) {}

    @GetMapping
    @Operation(
            summary = "The audit log of admin actions",
            description = "Filters: actor (user id), action (e.g. user.role.grant, processor.replay), since (ISO-8601 "
                    + "instant). Newest first; pass nextCursor back as cursor for the next page.")
    AuditPage list(
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String since,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit) {
        Cursors.requireLimit(limit);
        Instant from = since == null || since.isBlank() ? null : instant(since);
        Long before = cursor == null || cursor.isBlank() ? null : id(cursor);
        List<AuditEntry> rows = audit.page(blankToNull(actor), blankToNull(action), from, before, limit + 1);
        boolean more = rows.size() > limit;
        List<AuditEntry> items = more ? rows.subList(0, limit) : rows;
        return new AuditPage(
                List.copyOf(items),
                more ? Cursors.encode(Long.toString(items.getLast().id())) : null);
    }

    private static Instant instant(String since) {
        try {
            return Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw new InvalidCommandException("since must be an ISO-8601 instant such as 2026-12-01T00:00:00Z");
        }
    }

    private static Long id(String cursor) {
        try {
            return Long.parseLong(Cursors.decode(cursor, 1).getFirst());
        } catch (NumberFormatException e) {
            throw new InvalidCommandException("cursor is not one this API returned");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
