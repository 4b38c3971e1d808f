package org.ledgerline.platform.web;

import io.micrometer.core.instrument.Counter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything runs, a request under {@code /api/} whose {@code Accept} names no type the API answers
 * (JSON, problem+json, an event stream): Spring MVC negotiates the answer's type only after the controller has run, so
 * such a command was executed and stored, then answered 406 - a refusal that changed something.
 */
class AcceptFilter extends OncePerRequestFilter {

    private static final List<MediaType> ANSWERED =
            List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON, MediaType.TEXT_EVENT_STREAM);

    private final ProblemResponses problems;
    private final Counter refused;

    AcceptFilter(ProblemResponses problems, Counter refused) {
        this.problems = problems;
        this.refused = refused;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/") || request.getHeader("Accept") == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        List<MediaType> accepted;
        try {
            accepted = MediaType.parseMediaTypes(java.util.Collections.list(request.getHeaders("Accept")));
        } catch (InvalidMediaTypeException e) {
            problems.write(
                    response,
                    HttpStatus.BAD_REQUEST,
                    "Invalid request",
                    "The Accept header is not a list of media types");
            return;
        }
        boolean answerable = accepted.isEmpty()
                || accepted.stream().anyMatch(type -> ANSWERED.stream().anyMatch(type::isCompatibleWith));
        if (!answerable) {
            refused.increment();
            problems.write(
                    response,
                    HttpStatus.NOT_ACCEPTABLE,
                    "Not acceptable",
                    "This API answers application/json (errors application/problem+json); the Accept header "
                            + "allows neither");
            return;
        }
        chain.doFilter(request, response);
    }
}
