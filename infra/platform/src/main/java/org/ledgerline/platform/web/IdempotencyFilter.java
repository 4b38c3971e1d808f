package org.ledgerline.platform.web;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.ledgerline.eventstore.JoiningSpringTransactionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on command requests: the same key with the same request returns the first response again
 * and changes nothing; the same key with another request is 422; the same key while the first is still running is
 * 409. Keys belong to the caller (two users may use the same key). Responses of 5xx and 429 are not kept, so a
 * retry after those runs the command again.
 *
 * <p>A command request runs in one transaction with its key: the key is locked, the command's events, the read of
 * its answer and the stored response commit together or not at all ({@link IdempotencyStore}). A node killed after
 * the command but before the response was stored cannot leave an effect without its answer, which a retry would add
 * to (ADR 0011). A response that cannot be stored undoes the command and answers 503, so the client retries. A
 * command refused with a 4xx changed nothing: its transaction rolls back and the answer is kept on its own.
 *
 * <p>Admin and saga operations run transactions of their own and may wait for other nodes, so they keep the
 * claim-then-complete scheme: the key is claimed before and the response stored after, each committed alone.
 */
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    /** Printable ASCII: a key is stored and compared as text, and control or non-ASCII bytes are never intended. */
    private static final Pattern KEY = Pattern.compile("[\\x20-\\x7E]{1,255}");

    private static final List<String> KEPT_HEADERS =
            List.of("Location", "ETag", "X-Ledgerline-Position", "Content-Type");
    private static final List<String> OWN_TRANSACTION_PATHS = List.of("/api/v1/admin/", "/api/v1/sagas/");
    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

    private final IdempotencyStore store;
    private final ProblemResponses problems;
    private final int maxBodySize;
    private final MeterRegistry meters;
    private final TransactionTemplate transactions;

    IdempotencyFilter(
            IdempotencyStore store,
            ProblemResponses problems,
            int maxBodySize,
            MeterRegistry meters,
            PlatformTransactionManager transactionManager) {
        this.store = store;
        this.problems = problems;
        this.maxBodySize = maxBodySize;
        this.meters = meters;
        this.transactions = new TransactionTemplate(transactionManager);
        // Named so that a unit of work failing inside it marks it rollback-only (JoiningSpringTransactionManager).
        this.transactions.setName(JoiningSpringTransactionManager.COMMAND_REQUEST);
        // Registered at 0 so dashboards and alerts see the series before the first hit.
        meters.counter("ledgerline.idempotency.requests", "outcome", "mismatch");
        meters.counter("ledgerline.idempotency.requests", "outcome", "replayed");
        meters.counter("ledgerline.idempotency.requests", "outcome", "not_stored");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod())
                || request.getHeader(HEADER) == null
                || !request.getRequestURI().startsWith("/api/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER).trim();
        if (!KEY.matcher(key).matches()) {
            problems.write(
                    response,
                    HttpStatus.BAD_REQUEST,
                    "Invalid Idempotency-Key",
                    "An Idempotency-Key is 1 to 255 printable ASCII characters, e.g. a UUID");
            return;
        }
        byte[] body = request.getInputStream().readNBytes(maxBodySize + 1);
        if (body.length > maxBodySize) {
            problems.write(
                    response,
                    HttpStatus.CONTENT_TOO_LARGE,
                    "Request too large",
                    "A request body is at most " + maxBodySize + " bytes");
            return;
        }
        String owner = CallerKeys.current();
        String hash = fingerprint(request, body);
        HttpServletRequest cached = new CachedBodyRequest(request, body);
        if (OWN_TRANSACTION_PATHS.stream().anyMatch(request.getRequestURI()::startsWith)) {
            claimThenComplete(owner, key, hash, cached, response, chain);
        } else {
            inOneTransaction(owner, key, hash, cached, response, chain);
        }
    }

    private void inOneTransaction(
            String owner,
            String key,
            String hash,
            HttpServletRequest request,
            HttpServletResponse response,
            FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        Outcome outcome;
        try {
            outcome = transactions.execute(transaction -> {
                if (!store.lock(owner, key)) {
                    return Outcome.BUSY;
                }
                // A statement of its own: its snapshot is taken after the lock, so it sees the answer of a request
                // that held the key and just committed (PostgreSQL releases the lock after the commit is visible).
                IdempotencyStore.Entry entry = store.find(owner, key).orElse(null);
                if (entry != null && (entry.completed() || !isStale(entry))) {
                    return new Outcome(Kind.KNOWN, entry);
                }
                try {
                    chain.doFilter(request, captured);
                } catch (IOException | ServletException | RuntimeException e) {
                    throw new ChainFailure(e);
                }
                if (!isKept(captured.getStatus())) {
                    transaction.setRollbackOnly();
                    return Outcome.NOT_KEPT;
                }
                if (transaction.isRollbackOnly()) {
                    // A command failed and its unit of work marked the transaction: nothing of it may commit.
                    if (captured.getStatus() < 400) {
                        throw new IllegalStateException("A success answered for a command that rolled back");
                    }
                    // Marked here too: only the joined transaction is marked, and committing a transaction marked
                    // only there is an UnexpectedRollbackException, while a locally marked one rolls back quietly.
                    transaction.setRollbackOnly();
                    return Outcome.REFUSED;
                }
                store.save(
                        owner, key, hash, captured.getStatus(), headersOf(captured), captured.getContentAsByteArray());
                return Outcome.KEPT;
            });
        } catch (ChainFailure e) {
            captured.copyBodyToResponse();
            throw rethrow(e.getCause());
        } catch (RuntimeException e) {
            notStored(response, captured, e);
            return;
        }
        switch (outcome.kind()) {
            case BUSY -> stillRunning(response);
            case KNOWN -> answerKnown(outcome.entry(), hash, response);
            case REFUSED -> {
                try {
                    store.saveIfUnanswered(
                            owner,
                            key,
                            hash,
                            captured.getStatus(),
                            headersOf(captured),
                            captured.getContentAsByteArray());
                } catch (RuntimeException e) {
                    // The refusal changed nothing, so a retry that finds no answer may simply run again.
                    log.warn("A refused command's answer could not be kept for its Idempotency-Key: {}", e.toString());
                }
                captured.copyBodyToResponse();
            }
            default -> captured.copyBodyToResponse();
        }
    }

    private void notStored(
            HttpServletResponse response, ContentCachingResponseWrapper captured, RuntimeException failure)
            throws IOException {
        meters.counter("ledgerline.idempotency.requests", "outcome", "not_stored")
                .increment();
        log.warn(
                "A command and its Idempotency-Key answer were rolled back together, answered 503: {}",
                failure.toString());
        if (response.isCommitted()) {
            return;
        }
        captured.reset();
        problems.write(
                response,
                ProblemResponses.problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "Not stored",
                        "Nothing of this request was stored; retry it with the same Idempotency-Key"),
                Map.of("Retry-After", "1"));
    }

    private void claimThenComplete(
            String owner,
            String key,
            String hash,
            HttpServletRequest request,
            HttpServletResponse response,
            FilterChain chain)
            throws ServletException, IOException {
        if (!store.claim(owner, key, hash)) {
            answerKnown(store.find(owner, key).orElse(null), hash, response);
            return;
        }
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        boolean kept = false;
        try {
            chain.doFilter(request, captured);
            int status = captured.getStatus();
            if (isKept(status)) {
                store.complete(owner, key, status, headersOf(captured), captured.getContentAsByteArray());
                kept = true;
            }
        } finally {
            if (!kept) {
                store.forget(owner, key);
            }
            captured.copyBodyToResponse();
        }
    }

    private boolean isStale(IdempotencyStore.Entry entry) {
        return entry.createdAt().isBefore(Instant.now().minus(store.staleAfter()));
    }

    private static boolean isKept(int status) {
        return status < 500 && status != HttpStatus.TOO_MANY_REQUESTS.value();
    }

    private void answerKnown(IdempotencyStore.Entry entry, String hash, HttpServletResponse response)
            throws IOException {
        if (entry == null) {
            problems.write(
                    response,
                    HttpStatus.CONFLICT,
                    "Idempotency-Key in use",
                    "A request with this Idempotency-Key just finished or failed; retry it");
            return;
        }
        if (!entry.requestHash().equals(hash)) {
            meters.counter("ledgerline.idempotency.requests", "outcome", "mismatch")
                    .increment();
            problems.write(
                    response,
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "Idempotency-Key reused",
                    "This Idempotency-Key was used for a different request; use a new key for a new request");
            return;
        }
        if (!entry.completed()) {
            stillRunning(response);
            return;
        }
        meters.counter("ledgerline.idempotency.requests", "outcome", "replayed").increment();
        response.setStatus(entry.status());
        parseHeaders(entry.headers()).forEach(response::setHeader);
        response.setHeader(REPLAYED_HEADER, "true");
        if (entry.body() != null) {
            response.getOutputStream().write(entry.body());
        }
    }

    private void stillRunning(HttpServletResponse response) throws IOException {
        problems.write(
                response,
                HttpStatus.CONFLICT,
                "Idempotency-Key in use",
                "The first request with this Idempotency-Key is still running; retry in a moment");
    }

    private static RuntimeException rethrow(Throwable failure) throws ServletException, IOException {
        if (failure instanceof ServletException servlet) {
            throw servlet;
        }
        if (failure instanceof IOException io) {
            throw io;
        }
        return (RuntimeException) failure;
    }

    private enum Kind {
        BUSY,
        KNOWN,
        NOT_KEPT,
        REFUSED,
        KEPT
    }

    private record Outcome(Kind kind, IdempotencyStore.Entry entry) {

        static final Outcome BUSY = new Outcome(Kind.BUSY, null);
        static final Outcome NOT_KEPT = new Outcome(Kind.NOT_KEPT, null);
        static final Outcome REFUSED = new Outcome(Kind.REFUSED, null);
        static final Outcome KEPT = new Outcome(Kind.KEPT, null);
    }

    /** Carries what the request's own handling threw through the transaction, which rolls back on it. */
    private static final class ChainFailure extends RuntimeException {

        ChainFailure(Throwable cause) {
            super(cause);
        }
    }

    private static String fingerprint(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(request.getMethod().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) ' ');
            digest.update(request.getRequestURI().getBytes(StandardCharsets.UTF_8));
            if (request.getQueryString() != null) {
                digest.update(("?" + request.getQueryString()).getBytes(StandardCharsets.UTF_8));
            }
            digest.update((byte) '\n');
            digest.update(body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String headersOf(HttpServletResponse response) {
        return KEPT_HEADERS.stream()
                .filter(name -> response.getHeader(name) != null)
                .map(name -> name + ": " + response.getHeader(name))
                .collect(Collectors.joining("\n"));
    }

    private static Map<String, String> parseHeaders(String headers) {
        if (headers == null || headers.isBlank()) {
            return Map.of();
        }
        return headers.lines()
                .filter(line -> line.contains(": "))
                .collect(Collectors.toMap(
                        line -> line.substring(0, line.indexOf(": ")),
                        line -> line.substring(line.indexOf(": ") + 2),
                        (a, b) -> b));
    }
}
