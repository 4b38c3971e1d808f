package org.ledgerline.platform.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The edge of every request: its {@code X-Request-Id} (the client's, if well-formed, else a new one; always on the
 * response), an HTTP server span (continuing a caller's {@code traceparent}) under which the command's spans nest,
 * the ids in the logging MDC ({@code requestId}, {@code traceId}, {@code spanId}), one access-log line with
 * method, route, status and duration — the path only, never the query string or a body — and the request's timer
 * {@code http.server.requests}: the one observation of a request (Spring's own server observation is off).
 */
class RequestTelemetryFilter extends OncePerRequestFilter {

    static final String REQUEST_ID = "X-Request-Id";
    private static final Pattern ACCEPTED_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Logger access = LoggerFactory.getLogger("org.ledgerline.http");

    private static final TextMapGetter<HttpServletRequest> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpServletRequest request) {
            return Collections.list(request.getHeaderNames());
        }

        @Override
        public String get(HttpServletRequest request, String key) {
            return request == null ? null : request.getHeader(key);
        }
    };

    private final OpenTelemetry openTelemetry;
    private final Tracer tracer;
    private final MeterRegistry meters;

    RequestTelemetryFilter(OpenTelemetry openTelemetry, MeterRegistry meters) {
        this.openTelemetry = openTelemetry;
        this.tracer = openTelemetry.getTracer("org.ledgerline.http");
        this.meters = meters;
    }

    static String requestIdOf(String offered) {
        return offered != null && ACCEPTED_ID.matcher(offered).matches()
                ? offered
                : UUID.randomUUID().toString();
    }

    private Span serverSpan(HttpServletRequest request, String requestId) {
        Context parent =
                openTelemetry.getPropagators().getTextMapPropagator().extract(Context.root(), request, HEADERS);
        return tracer.spanBuilder(request.getMethod())
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute("http.request.method", request.getMethod())
                .setAttribute("url.path", request.getRequestURI())
                .setAttribute("url.scheme", request.getScheme())
                .setAttribute("server.port", (long) request.getLocalPort())
                .setAttribute("ledgerline.request.id", requestId)
                .startSpan();
    }

    /**
     * {@code http.server.requests}, with the names and tags of Spring's own server observation (which is off: one
     * observation per request), so dashboards and alerts read it as before: {@code method}, {@code uri} (the route, or
     * {@code REDIRECTION} / {@code NOT_FOUND} / {@code root} / {@code UNKNOWN} as Spring names requests without one),
     * {@code status}, {@code outcome}, {@code exception} and {@code error} (the failure's class, else {@code none}).
     */
    private void record(HttpServletRequest request, int status, Object route, Throwable failure, long nanos) {
        String exception = failure == null ? "none" : simpleName(failure);
        Timer.builder("http.server.requests")
                .description("HTTP server requests")
                .tag("method", request.getMethod())
                .tag("uri", uriTag(request, status, route))
                .tag("status", Integer.toString(status))
                .tag("outcome", outcomeOf(status))
                .tag("exception", exception)
                .tag("error", exception)
                .register(meters)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    static String uriTag(HttpServletRequest request, int status, Object route) {
        if (route != null) {
            return route.toString();
        }
        if (status >= 300 && status < 400) {
            return "REDIRECTION";
        }
        if (status == 404) {
            return "NOT_FOUND";
        }
        String path = request.getRequestURI();
        return path == null || path.isEmpty() || path.equals("/") ? "root" : "UNKNOWN";
    }

    static String outcomeOf(int status) {
        if (status >= 100 && status < 200) {
            return "INFORMATIONAL";
        }
        if (status >= 200 && status < 300) {
            return "SUCCESS";
        }
        if (status >= 300 && status < 400) {
            return "REDIRECTION";
        }
        if (status >= 400 && status < 500) {
            return "CLIENT_ERROR";
        }
        if (status >= 500 && status < 600) {
            return "SERVER_ERROR";
        }
        return "UNKNOWN";
    }

    private static Throwable exceptionOf(HttpServletRequest request) {
        Object error = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (error == null) {
            error = request.getAttribute(DispatcherServlet.EXCEPTION_ATTRIBUTE);
        }
        return error instanceof Throwable throwable ? throwable : null;
    }

    private static String simpleName(Throwable failure) {
        String name = failure.getClass().getSimpleName();
        return name.isEmpty() ? failure.getClass().getName() : name;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = requestIdOf(request.getHeader(REQUEST_ID));
        response.setHeader(REQUEST_ID, requestId);
        long started = System.nanoTime();
        // Probes and scrapes every few seconds would bury the traces that matter: no span, access line at DEBUG.
        boolean operational = request.getRequestURI().startsWith("/actuator/");
        Span span = operational ? Span.getInvalid() : serverSpan(request, requestId);
        SpanContext context = span.getSpanContext();
        MDC.put("requestId", requestId);
        if (context.isValid()) {
            MDC.put("traceId", context.getTraceId());
            MDC.put("spanId", context.getSpanId());
        }
        Throwable failure = null;
        try (Scope ignored = span.makeCurrent()) {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            int status = failure == null ? response.getStatus() : 500;
            Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            if (route != null) {
                span.setAttribute("http.route", route.toString());
                span.updateName(request.getMethod() + " " + route);
            }
            span.setAttribute("http.response.status_code", (long) status);
            if (status >= 500) {
                span.setStatus(StatusCode.ERROR);
                span.setAttribute(
                        "error.type",
                        failure == null
                                ? Integer.toString(status)
                                : failure.getClass().getName());
            }
            span.end();
            long elapsed = System.nanoTime() - started;
            record(request, status, route, failure != null ? failure : exceptionOf(request), elapsed);
            String line = "{} {} -> {} in {} ms";
            Object[] values = {
                request.getMethod(), route != null ? route : request.getRequestURI(), status, elapsed / 1_000_000
            };
            if (operational) {
                access.debug(line, values);
            } else {
                access.info(line, values);
            }
            MDC.remove("requestId");
            MDC.remove("traceId");
            MDC.remove("spanId");
        }
    }
}
