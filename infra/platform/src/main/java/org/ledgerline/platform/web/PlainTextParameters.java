package org.ledgerline.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Query parameters follow the rule of request bodies' text ({@link StrictRequestBodies}): no control characters, no
 * broken surrogates. PostgreSQL cannot compare text holding NUL, so a search or filter with one was a 500; now it is
 * a 400 problem naming the parameter, for every endpoint at once.
 */
final class PlainTextParameters extends OncePerRequestFilter {

    private final ProblemResponses problems;

    PlainTextParameters(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            int forbidden = StrictRequestBodies.PlainText.firstForbidden(parameter.getKey());
            // A name with such a character is not echoed: it names nothing the API knows.
            String field = forbidden >= 0 ? "(a parameter name)" : parameter.getKey();
            for (int i = 0; forbidden < 0 && i < parameter.getValue().length; i++) {
                forbidden =
                        StrictRequestBodies.PlainText.firstForbidden(parameter.getValue()[i]);
            }
            if (forbidden >= 0) {
                String message = "must not contain control characters (found U+%04X)".formatted(forbidden);
                ProblemDetail problem =
                        ProblemResponses.problem(HttpStatus.BAD_REQUEST, "Invalid request", field + ": " + message);
                problem.setProperty("errors", List.of(new ProblemHandling.FieldProblem(field, message)));
                problems.write(response, problem, Map.of());
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
