package org.ledgerline.platform.web;

import io.micrometer.core.instrument.Counter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Request bodies under {@code /api/} are at most {@code ledgerline.http.max-body-size} bytes (413 beyond), before
 * anything parses them: Tomcat limits only form posts, and a JSON parser handed an endless body would hold a thread
 * and its memory. A body of unknown length (chunked) is read up to the limit and kept.
 */
class BodySizeFilter extends OncePerRequestFilter {

    private final int maxBodySize;
    private final ProblemResponses problems;
    private final Counter refused;

    BodySizeFilter(int maxBodySize, ProblemResponses problems, Counter refused) {
        this.maxBodySize = maxBodySize;
        this.problems = problems;
        this.refused = refused;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBodySize) {
            tooLarge(response);
            return;
        }
        if (declared < 0 && request.getHeader("Transfer-Encoding") != null) {
            byte[] body = request.getInputStream().readNBytes(maxBodySize + 1);
            if (body.length > maxBodySize) {
                tooLarge(response);
                return;
            }
            chain.doFilter(new CachedBodyRequest(request, body), response);
            return;
        }
        chain.doFilter(request, response);
    }

    private void tooLarge(HttpServletResponse response) throws IOException {
        refused.increment();
        problems.write(
                response,
                HttpStatus.CONTENT_TOO_LARGE,
                "Request too large",
                "A request body is at most " + maxBodySize + " bytes");
    }
}
