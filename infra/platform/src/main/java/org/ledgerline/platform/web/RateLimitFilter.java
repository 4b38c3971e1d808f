package org.ledgerline.platform.web;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
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
 * Per-caller rate limit on the command API (Resilience4j), so one client cannot crowd out the others: beyond the
 * limit the answer is 429 with {@code Retry-After}, and nothing is executed.
 */
class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimiterRegistry limiters;
    private final ProblemResponses problems;
    private final MeterRegistry meters;

    RateLimitFilter(int commandsPerSecond, ProblemResponses problems, MeterRegistry meters) {
        this.limiters = RateLimiterRegistry.of(RateLimiterConfig.custom()
                                                                .limitForPeriod(commandsPerSecond)
                                                                .limitRefreshPeriod(Duration.ofSeconds(1))
                                                                .timeoutDuration(Duration.ZERO)
                                                                .build());
        this.problems = problems;
        this.meters = meters;
        meters.counter("ledgerline.rate_limit.rejected"); // at 0 until the first rejection, for dashboards
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        boolean command = "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method)
                || "DELETE".equals(method);
        return !command || !request.getRequestURI().startsWith("/api/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        RateLimiter limiter = limiters.rateLimiter(CallerKeys.current());
        if (!limiter.acquirePermission()) {
            meters.counter("ledgerline.rate_limit.rejected").increment();
            problems.write(response, ProblemResponses.problem(
                    HttpStatus.TOO_MANY_REQUESTS, "Too many requests",
                    "You sent more than " + limiter.getRateLimiterConfig().getLimitForPeriod()
                            + " commands in one second; retry after the time in Retry-After"), Map.of("Retry-After", "1"));
            return;
        }
        chain.doFilter(request, response);
    }
}
