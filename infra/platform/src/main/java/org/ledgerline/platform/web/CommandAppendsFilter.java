package org.ledgerline.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.ledgerline.eventstore.CommandAppends;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Opens the request's {@link CommandAppends} scope around everything that may run a command (the idempotency
 * filter's transaction included), so a command response takes the position and version its append returned instead
 * of reading them back; the scope ends with the request, so nothing carries over to the next request on the thread.
 */
class CommandAppendsFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/") || "GET".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try (CommandAppends.Scope ignored = CommandAppends.open()) {
            chain.doFilter(request, response);
        }
    }
}
