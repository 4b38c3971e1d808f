package org.ledgerline.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * With {@code ledgerline.security.local-sign-in=false} the identity provider signs users in "instead of" the
 * platform: {@code POST /api/v1/auth/token} answers 404 problem+json. 404, not 403: no caller, however authorised,
 * can use the endpoint on this deployment; it does not exist here, and the answer says where tokens come from.
 */
final class LocalSignInOff extends OncePerRequestFilter {

    static final String PATH = "/api/v1/auth/token";

    private final ProblemResponses problems;

    LocalSignInOff(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (PATH.equals(path) || (PATH + "/").equals(path)) {
            problems.write(
                    response,
                    HttpStatus.NOT_FOUND,
                    "Local sign-in is off",
                    "This platform does not sign users in (ledgerline.security.local-sign-in=false): get a "
                            + "token from the identity provider");
            return;
        }
        chain.doFilter(request, response);
    }
}
