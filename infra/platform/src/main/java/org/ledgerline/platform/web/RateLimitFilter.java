package org.ledgerline.platform.web;

import io.github.bucket4j.BucketConfiguration;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Per-caller rate limit on the command API, shared by every node ({@link RateLimits}), so one client cannot crowd
 * out the others: beyond the limit the answer is 429 with {@code Retry-After}, and nothing is executed. The caller
 * is the token's subject; a request without a token is keyed by its client address. Sign-in and sign-up have limits
 * of their own ({@link SignInThrottleFilter}).
 */
class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimits limits;
    private final ProblemResponses problems;
    private final int commandsPerSecond;
    private final BucketConfiguration configuration;

    RateLimitFilter(RateLimits limits, int commandsPerSecond, ProblemResponses problems) {
        this.limits = limits;
        this.problems = problems;
        this.commandsPerSecond = commandsPerSecond;
        this.configuration = BucketConfiguration.builder()
                .addLimit(limit ->
                        limit.capacity(commandsPerSecond).refillGreedy(commandsPerSecond, Duration.ofSeconds(1)))
                .build();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        boolean command =
                "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method) || "DELETE".equals(method);
        return !command || !request.getRequestURI().startsWith("/api/v1/") || SignInThrottleFilter.covers(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String caller = CallerKeys.current();
        String key = CallerKeys.ANONYMOUS.equals(caller)
                ? "command-address:" + request.getRemoteAddr()
                : "command:" + caller;
        RateLimits.Decision decision = limits.tryConsume("command", key, configuration);
        if (!decision.allowed()) {
            problems.write(
                    response,
                    ProblemResponses.problem(
                            HttpStatus.TOO_MANY_REQUESTS,
                            "Too many requests",
                            "You sent more than " + commandsPerSecond
                                    + " commands in one second; retry after the time in Retry-After"),
                    Map.of("Retry-After", Long.toString(decision.retryAfterSeconds())));
            return;
        }
        chain.doFilter(request, response);
    }
}
