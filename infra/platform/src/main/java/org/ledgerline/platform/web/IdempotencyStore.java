package org.ledgerline.platform.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.ScheduledMethodRunnable;
import org.springframework.stereotype.Component;
import org.springframework.util.ReflectionUtils;

/**
 * The durable memory of idempotency keys, in PostgreSQL so it survives restarts and is shared by every node.
 *
 * <p>A command request uses {@link #lock}, {@link #find} and {@link #save} inside the one transaction its command
 * runs in: the response is stored if and only if the command's events are, and a request that dies leaves nothing
 * behind. Requests that run transactions of their own (admin operations) claim the key in a statement of its own
 * ({@link #claim}), then {@link #complete} or {@link #forget} it.
 */
@Component
class IdempotencyStore implements SchedulingConfigurer {

    private static final String UPSERT_UNANSWERED =
            "INSERT INTO idempotency_key (owner, key, request_hash, response_status, response_headers, response_body, "
                    + "completed_at) VALUES (?, ?, ?, ?, ?, ?, now()) "
                    + "ON CONFLICT (owner, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, "
                    + "response_status = EXCLUDED.response_status, response_headers = EXCLUDED.response_headers, "
                    + "response_body = EXCLUDED.response_body, created_at = now(), completed_at = now() "
                    + "WHERE idempotency_key.response_status IS NULL";

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
        return jdbc.update(
                        "INSERT INTO idempotency_key (owner, key, request_hash) VALUES (?, ?, ?) "
                                + "ON CONFLICT (owner, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, "
                                + "created_at = now(), completed_at = NULL "
                                + "WHERE idempotency_key.response_status IS NULL "
                                + "AND idempotency_key.created_at < ?",
                        owner,
                        key,
                        requestHash,
                        Timestamp.from(Instant.now().minus(properties.staleAfter())))
                == 1;
    }

    /**
     * Takes the key for the current transaction, until it ends: false when another live request holds it. A
     * transaction-level advisory lock, so a request whose node or connection died holds nothing any more.
     */
    boolean lock(String owner, String key) {
        return Boolean.TRUE.equals(
                jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, lockId(owner, key)));
    }

    /**
     * The advisory lock's id: 64 bits of SHA-256 over owner and key. Single-{@code bigint} locks are a space of their
     * own, apart from the two-{@code int} locks of the event store's horizon; two keys sharing an id would only make
     * one wait (409) while the other runs.
     */
    static long lockId(String owner, String key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(owner.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(key.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Optional<Entry> find(String owner, String key) {
        List<Entry> entries = jdbc.query(
                "SELECT request_hash, response_status, response_headers, response_body, created_at "
                        + "FROM idempotency_key "
                        + "WHERE owner = ? AND key = ?",
                (rs, row) -> new Entry(
                        rs.getString(1).trim(),
                        (Integer) rs.getObject(2),
                        rs.getString(3),
                        rs.getBytes(4),
                        rs.getTimestamp(5).toInstant()),
                owner,
                key);
        return entries.stream().findFirst();
    }

    /**
     * Stores a command request's response in the caller's transaction. Replaces only a claim that never got an answer
     * (left by a request of the claim-then-complete kind); a key answered meanwhile fails the statement, and with it
     * the transaction, rather than being answered twice.
     */
    void save(String owner, String key, String requestHash, int status, String headers, byte[] body) {
        if (jdbc.update(UPSERT_UNANSWERED, owner, key, requestHash, status, headers, body) != 1) {
            throw new IllegalStateException("Idempotency-Key answered by another request meanwhile");
        }
    }

    /** Stores the response of a request that changed nothing, unless the key was answered meanwhile. */
    void saveIfUnanswered(String owner, String key, String requestHash, int status, String headers, byte[] body) {
        jdbc.update(UPSERT_UNANSWERED, owner, key, requestHash, status, headers, body);
    }

    void complete(String owner, String key, int status, String headers, byte[] body) {
        jdbc.update(
                "UPDATE idempotency_key SET response_status = ?, response_headers = ?, response_body = ?, "
                        + "completed_at = now() WHERE owner = ? AND key = ?",
                status,
                headers,
                body,
                owner,
                key);
    }

    void forget(String owner, String key) {
        jdbc.update("DELETE FROM idempotency_key WHERE owner = ? AND key = ?", owner, key);
    }

    /** Every {@code ledgerline.idempotency.cleanup-interval}, the first time at start. */
    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(new FixedDelayTask(
                new ScheduledMethodRunnable(this, ReflectionUtils.findMethod(IdempotencyStore.class, "expire")),
                properties.cleanupInterval(),
                Duration.ZERO));
    }

    void expire() {
        jdbc.update(
                "DELETE FROM idempotency_key WHERE created_at < ?",
                Timestamp.from(Instant.now().minus(properties.retention())));
    }

    Duration retention() {
        return properties.retention();
    }

    Duration staleAfter() {
        return properties.staleAfter();
    }

    record Entry(String requestHash, Integer status, String headers, byte[] body, Instant createdAt) {

        boolean completed() {
            return status != null;
        }
    }
}
