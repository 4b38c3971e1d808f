package org.ledgerline.platform.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Boot's {@code /error} page, answered as problem+json: where the servlet container forwards every error that left
 * the application as a status ({@code sendError}) or an exception no handler took - Spring Security's firewall
 * rejecting a path, a filter's failure. It replaces Boot's {@code BasicErrorController} (its JSON is not RFC 9457, and
 * browsers got an HTML page). The body is written directly, whatever the request's {@code Accept} says. Asked for
 * directly (not an error dispatch) it is a path like any other with nothing at it: 404, not a 500 logged as a
 * failure for every client that tries (found by the security suite, {@code AccessAttackIT}).
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    private final ProblemResponses problems;

    ProblemErrorController(ProblemResponses problems) {
        this.problems = problems;
    }

    @RequestMapping("${server.error.path:/error}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getDispatcherType() != DispatcherType.ERROR) {
            problems.write(
                    response,
                    HttpStatus.NOT_FOUND,
                    ContainerProblems.title(HttpStatus.NOT_FOUND),
                    ContainerProblems.detail(HttpStatus.NOT_FOUND));
            return;
        }
        Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        HttpStatus status = statusOf(request, failure);
        if (status.is5xxServerError()) {
            log.error("Request {} failed", request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), failure);
        }
        response.resetBuffer();
        problems.write(response, status, ContainerProblems.title(status), ContainerProblems.detail(status));
    }

    private static HttpStatus statusOf(HttpServletRequest request, Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestRejectedException || cause instanceof InvalidParameterException) {
                return HttpStatus.BAD_REQUEST;
            }
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        return status == null || !status.isError() ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }
}
