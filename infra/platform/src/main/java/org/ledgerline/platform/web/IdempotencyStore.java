package org.ledgerline.platform.web;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The durable memory of idempotency keys, in PostgreSQL so it survives restarts and is shared by every node.
 * Each statement commits on its own: the key is claimed before the command runs and its response stored after.
 */
@Component
class IdempotencyStore {

    private final JdbcTemplate jdbc;
    private final IdempotencyProperties properties;

    IdempotencyStore(JdbcTemplate jdbc, IdempotencyProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** Claims the key for a new request; false when it is already known. */
    boolean claim(String owner, String key, String requestHash) {
        // A first request that died without an answer must not block its key forever.
        jdbc.update("DELETE FROM idempotency_key WHERE owner = ? AND key = ? AND response_status IS NULL "
                            + "AND created_at < ?", owner, key, Timestamp.from(Instant.now().minus(
                properties.staleAfter())));
        return jdbc.update("INSERT INTO idempotency_key (owner, key, request_hash) VALUES (?, ?, ?) "
                                   + "ON CONFLICT (owner, key) DO NOTHING", owner, key, requestHash) == 1;
    }

    Optional<Entry> find(String owner, String key) {
        List<Entry> entries = jdbc.query(
                "SELECT request_hash, response_status, response_headers, response_body FROM idempotency_key "
                        + "WHERE owner = ? AND key = ?",
                (rs, row) -> new Entry(rs.getString(1).trim(), (Integer) rs.getObject(2), rs.getString(3),
                                       rs.getBytes(4)),
                owner, key);
        return entries.stream().findFirst();
    }

    void complete(String owner, String key, int status, String headers, byte[] body) {
        jdbc.update("UPDATE idempotency_key SET response_status = ?, response_headers = ?, response_body = ?, "
                            + "completed_at = now() WHERE owner = ? AND key = ?", status, headers, body, owner, key);
    }

    void forget(String owner, String key) {
        jdbc.update("DELETE FROM idempotency_key WHERE owner = ? AND key = ?", owner, key);
    }

    @Scheduled(fixedDelayString = "${ledgerline.idempotency.cleanup-interval:PT10M}")
    void expire() {
        jdbc.update("DELETE FROM idempotency_key WHERE created_at < ?",
                    Timestamp.from(Instant.now().minus(properties.retention())));
    }

    Duration retention() {
        return properties.retention();
    }

    record Entry(String requestHash, Integer status, String headers, byte[] body) {

        boolean completed() {
            return status != null;
        }
    }
}
