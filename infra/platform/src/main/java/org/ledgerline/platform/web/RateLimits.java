package org.ledgerline.platform.web;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets shared by every node: Bucket4j on PostgreSQL (table {@code rate_limit_bucket}, one row per key).
 * Each check is one short transaction of its own on a pooled connection: {@code SELECT ... FOR UPDATE}, {@code
 * UPDATE}, {@code COMMIT} (three round trips; the first check of a key adds an {@code INSERT} and a commit). A
 * bucket expires as soon as it is full again - a full bucket and no row mean the same - and {@link
 * RateLimitCleaner} deletes expired rows, so the table holds only the keys that sent something recently.
 *
 * <p>When PostgreSQL fails or is slower than {@link #TIMEOUT}, a check lets the request through (fails open,
 * counted in {@code ledgerline.rate_limit.errors}): the limiter never answers 5xx, and without the database no
 * command and no sign-in can succeed anyway.
 */
class RateLimits {

    static final Duration TIMEOUT = Duration.ofSeconds(1);
    static final String TABLE = "rate_limit_bucket";
    private static final Logger log = LoggerFactory.getLogger(RateLimits.class);

    /** The outcome of one check: allowed, or refused with the wait until a token is back. */
    record Decision(boolean allowed, long retryAfterSeconds) {

        static final Decision ALLOWED = new Decision(true, 0);
    }

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
    private final MeterRegistry meters;

    RateLimits(DataSource dataSource, TimeMeter clock, MeterRegistry meters) {
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table(TABLE)
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO))
                .clientClock(clock)
                .requestTimeout(TIMEOUT)
                .build();
        this.meters = meters;
        for (String kind : new String[] {"command", "sign_in_address", "sign_up_address", "sign_in_account"}) {
            meters.counter("ledgerline.rate_limit.rejected", "kind", kind); // at 0 for dashboards
            meters.counter("ledgerline.rate_limit.errors", "kind", kind);
        }
    }

    /** Takes one token from the bucket {@code key} (created full with {@code configuration} if absent). */
    Decision tryConsume(String kind, String key, BucketConfiguration configuration) {
        ConsumptionProbe probe;
        Timer.Sample sample = Timer.start(meters);
        try {
            probe = buckets.builder().build(key, () -> configuration).tryConsumeAndReturnRemaining(1);
        } catch (RuntimeException e) {
            meters.counter("ledgerline.rate_limit.errors", "kind", kind).increment();
            log.warn("Rate limit {} not checked, request let through: {}", kind, e.toString());
            return Decision.ALLOWED;
        } finally {
            sample.stop(Timer.builder("ledgerline.rate_limit.check")
                    .description("one check of a shared bucket")
                    .tag("kind", kind)
                    .register(meters));
        }
        if (probe.isConsumed()) {
            return Decision.ALLOWED;
        }
        meters.counter("ledgerline.rate_limit.rejected", "kind", kind).increment();
        return new Decision(false, secondsRoundedUp(probe.getNanosToWaitForRefill()));
    }

    /** Deletes up to {@code batch} expired buckets; returns how many. */
    int removeExpired(int batch) {
        return buckets.removeExpired(batch);
    }

    static long secondsRoundedUp(long nanos) {
        return Math.max(1, (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
    }
}
