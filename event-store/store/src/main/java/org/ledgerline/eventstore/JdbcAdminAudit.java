package org.ledgerline.eventstore;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ledgerline.kernel.AdminAudit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The audit log in table {@code admin_audit}. A record joins the caller's transaction when there is one (the
 * template's data source is transaction-aware), so the row commits or rolls back with the action it describes.
 */
public class JdbcAdminAudit implements AdminAudit {

    private static final Logger log = LoggerFactory.getLogger("org.ledgerline.audit");
    private static final int MAX_TEXT = 500;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final MeterRegistry meters;

    public JdbcAdminAudit(JdbcTemplate jdbc, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public void record(String actor, String action, String target, String detail) {
        if (action == null || action.isBlank()) {
            throw new IllegalArgumentException("an audit record needs an action");
        }
        Instant now = clock.instant();
        jdbc.update(
                "INSERT INTO admin_audit (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
                Timestamp.from(now),
                cut(actor == null ? "system" : actor),
                cut(action),
                cut(target),
                cut(detail));
        meters.counter("ledgerline.audit.records", "action", action).increment();
        log.info("audit actor={} action={} target={}", actor, action, target);
    }

    /**
     * A page of the log, newest first: rows older than {@code beforeId} (null: from the newest), filtered by the
     * given non-null criteria.
     */
    public List<AuditEntry> page(String actor, String action, Instant since, Long beforeId, int limit) {
        StringBuilder sql =
                new StringBuilder("SELECT id, at, actor, action, target, detail FROM admin_audit WHERE 1=1");
        List<Object> args = new ArrayList<>();
        if (actor != null) {
            sql.append(" AND actor = ?");
            args.add(actor);
        }
        if (action != null) {
            sql.append(" AND action = ?");
            args.add(action);
        }
        if (since != null) {
            sql.append(" AND at >= ?");
            args.add(Timestamp.from(since));
        }
        if (beforeId != null) {
            sql.append(" AND id < ?");
            args.add(beforeId);
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit);
        return jdbc.query(
                sql.toString(),
                (rs, row) -> new AuditEntry(
                        rs.getLong("id"),
                        rs.getTimestamp("at").toInstant(),
                        rs.getString("actor"),
                        rs.getString("action"),
                        rs.getString("target"),
                        rs.getString("detail")),
                args.toArray());
    }

    private static String cut(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }
}
