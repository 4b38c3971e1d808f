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
        // One statement (one round trip, one commit): a new key is inserted; a key whose first request died without
        // an answer more than stale-after ago is taken over (it must not block its key forever); any other known key
        // is left alone and the claim fails.
        return jdbc.update("INSERT INTO idempotency_key (owner, key, request_hash) VALUES (?, ?, ?) "
                                   + "ON CONFLICT (owner, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, "
                                   + "created_at = now(), completed_at = NULL "
                                   + "WHERE idempotency_key.response_status IS NULL "
                                   + "AND idempotency_key.created_at < ?",
                           owner, key, requestHash,
                           Timestamp.from(Instant.now().minus(properties.staleAfter()))) == 1;
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
