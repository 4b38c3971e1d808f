package org.ledgerline.platform.web;

import io.github.bucket4j.BucketConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.ledgerline.kernel.AdminAudit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Throttles the two public endpoints that need no token: sign-up ({@code POST /api/v1/users}) per client address,
 * sign-in ({@code POST /api/v1/auth/token}) per client address and per account, with a growing lock-out after
 * consecutive failures ({@link SignInFailures}). The account is read from the request body (kept for the controller,
 * {@link CachedBodyRequest}); the outcome from the response status: 401 counts a failure, 200 clears them. A request
 * the controller refuses as malformed (400) counts against its address only, so one client cannot lock out another.
 *
 * <p>A refusal is 429 problem+json with {@code Retry-After}. It reads the same whether or not an account exists
 * (unknown e-mails are counted and locked alike). Lock-outs go to the audit log ({@code user.sign_in.lockout}: the
 * account hash and the client address) and to {@code ledgerline.sign_in.lockouts}. Database trouble lets the
 * request through (see {@link RateLimits}).
 */
class SignInThrottleFilter extends OncePerRequestFilter {

    static final String SIGN_IN = "/api/v1/auth/token";
    static final String SIGN_UP = "/api/v1/users";
    static final String LOCKOUT_ACTION = "user.sign_in.lockout";
    private static final Logger log = LoggerFactory.getLogger(SignInThrottleFilter.class);

    private final RateLimits limits;
    private final SignInFailures failures;
    private final AdminAudit audit;
    private final ProblemResponses problems;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final int maxBodySize;
    private final BucketConfiguration signInPerAddress;
    private final BucketConfiguration signUpPerAddress;

    SignInThrottleFilter(
            RateLimits limits,
            SignInFailures failures,
            AdminAudit audit,
            ProblemResponses problems,
            JsonMapper json,
            MeterRegistry meters,
            RateLimitProperties properties,
            int maxBodySize) {
        this.limits = limits;
        this.failures = failures;
        this.audit = audit;
        this.problems = problems;
        this.json = json;
        this.meters = meters;
        this.maxBodySize = maxBodySize;
        this.signInPerAddress = perMinute(properties.signInPerAddress());
        this.signUpPerAddress = perMinute(properties.signUpPerAddress());
        meters.counter("ledgerline.sign_in.lockouts");
    }

    private static BucketConfiguration perMinute(int count) {
        return count <= 0
                ? null
                : BucketConfiguration.builder()
                        .addLimit(limit -> limit.capacity(count).refillGreedy(count, Duration.ofMinutes(1)))
                        .build();
    }

    static boolean covers(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return "POST".equals(request.getMethod()) && (SIGN_IN.equals(uri) || SIGN_UP.equals(uri));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !covers(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String address = request.getRemoteAddr();
        if (SIGN_UP.equals(request.getRequestURI())) {
            if (signUpPerAddress != null
                    && refused(
                            limits.tryConsume("sign_up_address", "sign-up:" + address, signUpPerAddress),
                            response,
                            "Too many sign-ups",
                            "Too many sign-ups from your address; retry after the time in Retry-After")) {
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        if (signInPerAddress != null
                && refused(limits.tryConsume("sign_in_address", "sign-in:" + address, signInPerAddress), response)) {
            return;
        }
        byte[] body = request.getInputStream().readNBytes(maxBodySize + 1);
        HttpServletRequest cached = new CachedBodyRequest(request, body);
        String account = body.length > maxBodySize ? null : account(body);
        if (account == null) { // malformed: the controller answers 400 (or BodySizeFilter 413 before us)
            chain.doFilter(cached, response);
            return;
        }
        SignInFailures.State state = SignInFailures.State.NONE;
        try {
            state = failures.state(account);
        } catch (RuntimeException e) {
            meters.counter("ledgerline.rate_limit.errors", "kind", "sign_in_account")
                    .increment();
            log.warn("Sign-in lock-out not checked, request let through: {}", e.toString());
        }
        if (state.locked()) {
            meters.counter("ledgerline.rate_limit.rejected", "kind", "sign_in_account")
                    .increment();
            refused(new RateLimits.Decision(false, state.lockedForSeconds()), response);
            return;
        }
        chain.doFilter(cached, response);
        try {
            if (response.getStatus() == HttpStatus.UNAUTHORIZED.value()) {
                failed(account, address);
            } else if (response.getStatus() == HttpStatus.OK.value() && state.known()) {
                failures.reset(account);
            }
        } catch (RuntimeException e) {
            meters.counter("ledgerline.rate_limit.errors", "kind", "sign_in_account")
                    .increment();
            log.warn("Sign-in outcome not recorded: {}", e.toString());
        }
    }

    private void failed(String account, String address) {
        SignInFailures.Failure failure = failures.recordFailure(account);
        failure.lockedFor().ifPresent(lockedFor -> {
            meters.counter("ledgerline.sign_in.lockouts").increment();
            log.warn(
                    "Sign-in locked out: account {} from {} after {} consecutive failures, for {}",
                    account,
                    address,
                    failure.failures(),
                    lockedFor);
            audit.record(
                    "address:" + address,
                    LOCKOUT_ACTION,
                    "account:" + account,
                    failure.failures() + " consecutive failed sign-ins; locked for "
                            + RateLimits.secondsRoundedUp(lockedFor.toNanos()) + " s");
        });
    }

    /** The account key of a well-formed sign-in body, or null when the controller will refuse it anyway. */
    private String account(byte[] body) {
        try {
            JsonNode email = json.readTree(body).get("email");
            return email != null
                            && email.isString()
                            && !email.asString().isBlank()
                            && email.asString().length() <= 320
                    ? SignInFailures.accountKey(email.asString())
                    : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private boolean refused(RateLimits.Decision decision, HttpServletResponse response) throws IOException {
        return refused(
                decision,
                response,
                "Too many sign-in attempts",
                "Too many sign-in attempts; retry after the time in Retry-After");
    }

    private boolean refused(RateLimits.Decision decision, HttpServletResponse response, String title, String detail)
            throws IOException {
        if (decision.allowed()) {
            return false;
        }
        problems.write(
                response,
                ProblemResponses.problem(HttpStatus.TOO_MANY_REQUESTS, title, detail),
                Map.of("Retry-After", Long.toString(decision.retryAfterSeconds())));
        return true;
    }
}
