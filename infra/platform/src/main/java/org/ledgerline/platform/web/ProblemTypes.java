package org.ledgerline.platform.web;

import java.net.URI;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Problems that Spring MVC or a controller builds itself (406, 415, a wrong password's 401...) get the same
 * {@code type} as ours instead of none ({@code about:blank}), so every error carries the type the document promises;
 * and a query string Tomcat cannot decode ({@code %zz}) is the client's 400, not a 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemTypes implements ResponseBodyAdvice<Object> {

    private static final URI BLANK = URI.create("about:blank");

    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> undecodableParameter(InvalidParameterException ex) {
        return ResponseEntity.badRequest()
                .body(ProblemResponses.problem(
                        HttpStatus.BAD_REQUEST,
                        "Malformed request",
                        "The query string is not valid: a '%' must start an escape like %20 of UTF-8 bytes"));
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(
            Object body,
            MethodParameter returnType,
            MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType,
            ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem && (problem.getType() == null || BLANK.equals(problem.getType()))) {
            HttpStatus status = HttpStatus.resolve(problem.getStatus());
            String title = problem.getTitle() != null
                    ? problem.getTitle()
                    : status != null ? status.getReasonPhrase() : "Error";
            problem.setTitle(title);
            problem.setType(URI.create("https://ledgerline.org/problems/" + ProblemResponses.slug(title)));
        }
        return body;
    }
}
