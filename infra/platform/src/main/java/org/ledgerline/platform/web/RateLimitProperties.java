package org.ledgerline.platform.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code ledgerline.rate-limit.*}: the limits shared by every node (docs/rate-limits.md, ADR 0014).
 *
 * @param commandsPerSecond          commands one caller may send per second (0 turns the command limit off)
 * @param signInPerAddress           sign-in attempts one client address may make per minute (0: off)
 * @param signUpPerAddress           sign-ups one client address may make per minute (0: off)
 * @param signInFailuresBeforeLockout consecutive failed sign-ins of one account before it is locked (0: never)
 * @param signInLockoutBase          the first lock-out; each further failure doubles it
 * @param signInLockoutMax           the longest lock-out
 * @param signInFailureMemory        failures older than this (with no lock-out running) are forgotten
 * @param cleanupInterval            how often expired buckets and forgotten failures are deleted
 */
@ConfigurationProperties("ledgerline.rate-limit")
public record RateLimitProperties(
        Integer commandsPerSecond,
        Integer signInPerAddress,
        Integer signUpPerAddress,
        Integer signInFailuresBeforeLockout,
        Duration signInLockoutBase,
        Duration signInLockoutMax,
        Duration signInFailureMemory,
        Duration cleanupInterval) {

    public RateLimitProperties {
        commandsPerSecond = commandsPerSecond == null ? 50 : commandsPerSecond;
        signInPerAddress = signInPerAddress == null ? 30 : signInPerAddress;
        signUpPerAddress = signUpPerAddress == null ? 10 : signUpPerAddress;
        signInFailuresBeforeLockout = signInFailuresBeforeLockout == null ? 5 : signInFailuresBeforeLockout;
        signInLockoutBase = signInLockoutBase == null ? Duration.ofSeconds(1) : signInLockoutBase;
        signInLockoutMax = signInLockoutMax == null ? Duration.ofMinutes(15) : signInLockoutMax;
        signInFailureMemory = signInFailureMemory == null ? Duration.ofHours(24) : signInFailureMemory;
        cleanupInterval = cleanupInterval == null ? Duration.ofMinutes(1) : cleanupInterval;
        if (signInLockoutBase.isNegative()
                || signInLockoutBase.isZero()
                || signInLockoutMax.compareTo(signInLockoutBase) < 0) {
            throw new IllegalArgumentException("ledgerline.rate-limit: sign-in-lockout-base must be positive and at "
                    + "most sign-in-lockout-max");
        }
    }
}
