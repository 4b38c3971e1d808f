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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on command requests: the same key with the same request returns the first response again
 * and changes nothing; the same key with another request is 422; the same key while the first is still running is
 * 409. Keys belong to the caller (two users may use the same key). Responses of 5xx and 429 are not kept, so a
 * retry after those runs the command again.
 */
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    /** Printable ASCII: a key is stored and compared as text, and control or non-ASCII bytes are never intended. */
    private static final Pattern KEY = Pattern.compile("[\\x20-\\x7E]{1,255}");
    private static final List<String> KEPT_HEADERS = List.of("Location", "ETag", "X-Ledgerline-Position",
                                                             "Content-Type");

    private final IdempotencyStore store;
    private final ProblemResponses problems;
    private final int maxBodySize;
    private final MeterRegistry meters;

    IdempotencyFilter(IdempotencyStore store, ProblemResponses problems, int maxBodySize, MeterRegistry meters) {
        this.store = store;
        this.problems = problems;
        this.maxBodySize = maxBodySize;
        this.meters = meters;
        // Registered at 0 so dashboards and alerts see the series before the first hit.
        meters.counter("ledgerline.idempotency.requests", "outcome", "mismatch");
        meters.counter("ledgerline.idempotency.requests", "outcome", "replayed");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null
                || !request.getRequestURI().startsWith("/api/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER).trim();
        if (!KEY.matcher(key).matches()) {
            problems.write(response, HttpStatus.BAD_REQUEST, "Invalid Idempotency-Key",
                           "An Idempotency-Key is 1 to 255 printable ASCII characters, e.g. a UUID");
            return;
        }
        byte[] body = request.getInputStream().readNBytes(maxBodySize + 1);
        if (body.length > maxBodySize) {
            problems.write(response, HttpStatus.CONTENT_TOO_LARGE, "Request too large",
                           "A request body is at most " + maxBodySize + " bytes");
            return;
        }
        String owner = CallerKeys.current();
        String hash = fingerprint(request, body);
        if (!store.claim(owner, key, hash)) {
            replayOrRefuse(owner, key, hash, response);
            return;
        }
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        boolean kept = false;
        try {
            chain.doFilter(new CachedBodyRequest(request, body), captured);
            int status = captured.getStatus();
            if (status < 500 && status != HttpStatus.TOO_MANY_REQUESTS.value()) {
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

    private void replayOrRefuse(String owner, String key, String hash, HttpServletResponse response)
            throws IOException {
        IdempotencyStore.Entry entry = store.find(owner, key).orElse(null);
        if (entry == null) {
            problems.write(response, HttpStatus.CONFLICT, "Idempotency-Key in use",
                           "A request with this Idempotency-Key just finished or failed; retry it");
            return;
        }
        if (!entry.requestHash().equals(hash)) {
            meters.counter("ledgerline.idempotency.requests", "outcome", "mismatch").increment();
            problems.write(response, HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused",
                           "This Idempotency-Key was used for a different request; use a new key for a new request");
            return;
        }
        if (!entry.completed()) {
            problems.write(response, HttpStatus.CONFLICT, "Idempotency-Key in use",
                           "The first request with this Idempotency-Key is still running; retry in a moment");
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
                      .collect(Collectors.toMap(line -> line.substring(0, line.indexOf(": ")),
                                                line -> line.substring(line.indexOf(": ") + 2), (a, b) -> b));
    }
}
