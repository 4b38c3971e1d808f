package org.ledgerline.platform.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Consecutive failed sign-ins per account, shared by every node (table {@code sign_in_failure}, keyed by the SHA-256
 * of the normalised e-mail - never the e-mail itself). From the {@code failuresBeforeLockout}-th consecutive failure
 * on, each failure locks the account for {@code base * 2^(failures - failuresBeforeLockout)}, at most {@code max}.
 * A successful sign-in deletes the row. All times are the database's ({@code now()}), so nodes with skewed clocks
 * agree on when a lock-out ends.
 */
class SignInFailures {

    /** A failure just recorded; {@code lockedFor} is set when it started a lock-out. */
    record Failure(int failures, Optional<Duration> lockedFor) {}

    /** An account's state before a sign-in: whether it has a row, and how long its running lock-out still lasts. */
    record State(boolean known, long lockedForSeconds) {

        static final State NONE = new State(false, 0);

        boolean locked() {
            return lockedForSeconds > 0;
        }
    }

    private final JdbcTemplate jdbc;
    private final int failuresBeforeLockout;
    private final long baseMillis;
    private final long maxMillis;

    SignInFailures(JdbcTemplate jdbc, int failuresBeforeLockout, Duration base, Duration max) {
        this.jdbc = jdbc;
        this.failuresBeforeLockout = failuresBeforeLockout;
        this.baseMillis = base.toMillis();
        this.maxMillis = max.toMillis();
    }

    /** The account key for an e-mail as sign-in looks it up (trimmed, lower case). */
    static String accountKey(String email) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(email.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One statement: the account's row and the seconds (rounded up) left of its lock-out. */
    State state(String account) {
        List<State> rows = jdbc.query(
                "SELECT CASE WHEN locked_until > now() THEN CEIL(EXTRACT(EPOCH FROM locked_until - now()))::BIGINT "
                        + "ELSE 0 END FROM sign_in_failure WHERE account = ?",
                (rs, row) -> new State(true, rs.getLong(1)),
                account);
        return rows.isEmpty() ? State.NONE : rows.getFirst();
    }

    /** One statement: counts a failure and, from the threshold on, (re)starts the lock-out. */
    Failure recordFailure(String account) {
        if (failuresBeforeLockout <= 0) {
            return new Failure(0, Optional.empty());
        }
        String lock = "CASE WHEN %1$s >= ? THEN now() + LEAST(?::DOUBLE PRECISION * POWER(2, LEAST(%1$s - ?, 40)), ?)"
                + " * INTERVAL '1 millisecond' ELSE %2$s END";
        Integer count = jdbc.queryForObject(
                "INSERT INTO sign_in_failure AS f (account, failures, locked_until, last_failure) VALUES (?, 1, "
                        + lock.formatted("1", "NULL::TIMESTAMPTZ") + ", now()) "
                        + "ON CONFLICT (account) DO UPDATE SET failures = f.failures + 1, last_failure = now(), "
                        + "locked_until = " + lock.formatted("f.failures + 1", "f.locked_until") + " "
                        + "RETURNING failures",
                Integer.class,
                account,
                failuresBeforeLockout,
                baseMillis,
                failuresBeforeLockout,
                maxMillis,
                failuresBeforeLockout,
                baseMillis,
                failuresBeforeLockout,
                maxMillis);
        int failures = count == null ? 0 : count;
        return new Failure(
                failures,
                failures >= failuresBeforeLockout
                        ? Optional.of(lockout(failures - failuresBeforeLockout))
                        : Optional.empty());
    }

    /** The {@code k}-th lock-out (from 0): base * 2^k, at most max, as the statement above computes it. */
    Duration lockout(int k) {
        return Duration.ofMillis((long) Math.min((double) maxMillis, baseMillis * Math.pow(2, Math.min(k, 40))));
    }

    /** A successful sign-in: the account starts again from no failures. */
    void reset(String account) {
        jdbc.update("DELETE FROM sign_in_failure WHERE account = ?", account);
    }

    /** Deletes rows whose last failure is older than {@code memory} and whose lock-out is over. */
    int forget(Duration memory) {
        return jdbc.update(
                "DELETE FROM sign_in_failure WHERE last_failure < now() - ? * INTERVAL '1 millisecond' "
                        + "AND (locked_until IS NULL OR locked_until < now())",
                memory.toMillis());
    }
}
