package org.ledgerline.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Query parameters under {@code /api/} carry no control characters ({@code %00}, {@code %0A}...): no parameter means
 * one, and PostgreSQL refuses a NUL in a statement, which would surface as a 500.
 */
class QueryTextFilter extends OncePerRequestFilter {

    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x1F\\x7F]");

    private final ProblemResponses problems;

    QueryTextFilter(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/") || request.getQueryString() == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            boolean control = CONTROL.matcher(parameter.getKey()).find();
            for (String value : parameter.getValue()) {
                control |= CONTROL.matcher(value).find();
            }
            if (control) {
                problems.write(response, HttpStatus.BAD_REQUEST, "Invalid request",
                               "Query parameter '" + CONTROL.matcher(parameter.getKey()).replaceAll("?")
                                       + "' contains a control character");
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
