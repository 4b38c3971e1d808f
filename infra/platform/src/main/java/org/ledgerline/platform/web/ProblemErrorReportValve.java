package org.ledgerline.platform.web;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error report, as problem+json instead of its HTML page: Tomcat answers some requests before any filter or
 * servlet runs (a request line or path it cannot parse or normalise, {@code %00}, an encoded {@code /}, headers beyond
 * its limit), and only the host's error report valve writes those answers.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Runnable counted;

    /** Tomcat creates a host's valve by class name when none is configured: then it counts nothing. */
    public ProblemErrorReportValve() {
        this(() -> {});
    }

    ProblemErrorReportValve(Runnable counted) {
        this.counted = counted;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int code = response.getStatus();
        if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        counted.run();
        HttpStatus status = HttpStatus.resolve(code);
        if (status == null) {
            status = code >= 500 ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.BAD_REQUEST;
        }
        // A plain map: the request's URI may be what Tomcat could not parse, so no "instance".
        Map<String, Object> problem = new LinkedHashMap<>();
        String title = ContainerProblems.title(status);
        problem.put("type", "https://ledgerline.org/problems/" + ProblemResponses.slug(title));
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", ContainerProblems.detail(status));
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response already committed: nothing more can be said to it.
        }
    }
}
