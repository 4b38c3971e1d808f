package org.ledgerline.platform.web;

import java.util.List;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.ledgerline.http.ForbiddenException;
import org.ledgerline.kernel.AlreadyTakenException;
import org.ledgerline.kernel.IllegalTransitionException;
import org.ledgerline.kernel.InvalidCommandException;
import org.ledgerline.kernel.NotFoundException;
import org.ledgerline.projections.progress.ReadYourWrites;
import org.ledgerline.replication.kafka.KafkaUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * Every error the API answers is RFC 9457 problem+json with a sentence a person understands: validation (400, with
 * each bad field), malformed JSON (400), unknown ids (404), stale versions and illegal transitions (409). Nothing
 * unexpected leaks a stack trace: it is logged here and answered as a plain 500.
 */
@RestControllerAdvice
public class ProblemHandling extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(error -> new FieldProblem(error.getField(), String.valueOf(error.getDefaultMessage())))
                .toList();
        return invalid(errors);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = ex.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new FieldProblem(
                                String.valueOf(result.getMethodParameter().getParameterName()),
                                String.valueOf(error.getDefaultMessage()))))
                .toList();
        return invalid(errors);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof StrictRequestBodies.InvalidTextException text) {
                // Well-formed JSON with a value no field takes: the same answer as any other invalid field.
                return invalid(List.of(new FieldProblem(path(text), text.getOriginalMessage())));
            }
        }
        return ResponseEntity.badRequest()
                .body(ProblemResponses.problem(HttpStatus.BAD_REQUEST, "Malformed request body", unreadable(ex)));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException ex) {
        return ResponseEntity.badRequest()
                .body(ProblemResponses.problem(
                        HttpStatus.BAD_REQUEST,
                        "Invalid request",
                        "'" + ex.getName() + "' is not a valid " + expected(ex.getRequiredType()) + ": "
                                + ex.getValue()));
    }

    @ExceptionHandler(InvalidCommandException.class)
    ResponseEntity<ProblemDetail> invalidCommand(InvalidCommandException ex) {
        return ResponseEntity.badRequest()
                .body(ProblemResponses.problem(HttpStatus.BAD_REQUEST, "Invalid request", ex.getMessage()));
    }

    @ExceptionHandler({AggregateNotFoundException.class, NotFoundException.class})
    ResponseEntity<ProblemDetail> notFound(RuntimeException ex) {
        String detail = ex instanceof AggregateNotFoundException missing
                ? "Nothing with id " + missing.getAggregateIdentifier() + " exists"
                : ex.getMessage();
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(ProblemResponses.problem(HttpStatus.NOT_FOUND, "Not found", detail));
    }

    @ExceptionHandler(ConflictingAggregateVersionException.class)
    ResponseEntity<ProblemDetail> staleVersion(ConflictingAggregateVersionException ex) {
        ProblemDetail problem = ProblemResponses.problem(
                HttpStatus.CONFLICT,
                "Version conflict",
                "You sent If-Match \"" + ex.getExpectedVersion() + "\" but the current version is \""
                        + ex.getActualVersion() + "\". Read it again and retry with the current version.");
        problem.setProperty("currentVersion", ex.getActualVersion());
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .eTag("\"" + ex.getActualVersion() + "\"")
                .body(problem);
    }

    @ExceptionHandler(AggregateStreamCreationException.class)
    ResponseEntity<ProblemDetail> alreadyExists(AggregateStreamCreationException ex) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(ProblemResponses.problem(
                        HttpStatus.CONFLICT, "Already exists", "Something with that id already exists"));
    }

    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ProblemDetail> concurrentChange(ConcurrencyException ex) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(ProblemResponses.problem(
                        HttpStatus.CONFLICT,
                        "Concurrent change",
                        "Someone changed this at the same moment; nothing of your request was applied. Retry it."));
    }

    @ExceptionHandler(IllegalTransitionException.class)
    ResponseEntity<ProblemDetail> illegalTransition(IllegalTransitionException ex) {
        ProblemDetail problem =
                ProblemResponses.problem(HttpStatus.CONFLICT, "Not allowed in this state", ex.getMessage());
        problem.setProperty("currentState", ex.currentState());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    @ExceptionHandler(AlreadyTakenException.class)
    ResponseEntity<ProblemDetail> alreadyTaken(AlreadyTakenException ex) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(ProblemResponses.problem(HttpStatus.CONFLICT, "Already taken", ex.getMessage()));
    }

    @ExceptionHandler({ForbiddenException.class, AccessDeniedException.class})
    ResponseEntity<ProblemDetail> forbidden(RuntimeException ex) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN)
                .body(ProblemResponses.problem(
                        HttpStatus.FORBIDDEN,
                        "Forbidden",
                        ex instanceof ForbiddenException ? ex.getMessage() : "Your role does not allow this"));
    }

    @ExceptionHandler(ReadYourWrites.NotCaughtUpException.class)
    ResponseEntity<ProblemDetail> notCaughtUp(ReadYourWrites.NotCaughtUpException ex) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", "1")
                .body(ProblemResponses.problem(HttpStatus.SERVICE_UNAVAILABLE, "Not caught up yet", ex.getMessage()));
    }

    /** Kafka (or the store's readable horizon) did not answer in time, e.g. during a republish: retry later. */
    @ExceptionHandler(KafkaUnavailableException.class)
    ResponseEntity<ProblemDetail> kafkaUnavailable(KafkaUnavailableException ex) {
        log.warn("Request ended unanswered by Kafka or the store: {}", ex.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", "5")
                .body(ProblemResponses.problem(HttpStatus.SERVICE_UNAVAILABLE, "Not available now", ex.getMessage()));
    }

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ProblemDetail> commandFailed(CommandExecutionException ex) {
        Throwable cause = ex.getCause();
        if (cause instanceof RuntimeException runtime && !(cause instanceof CommandExecutionException)) {
            throw runtime;
        }
        return unexpected(ex);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception ex) {
        log.error("Unexpected failure while handling a request", ex);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(ProblemResponses.problem(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "Internal error",
                        "Something went wrong on our side and nothing was changed by this failure. Try again later."));
    }

    private static ResponseEntity<Object> invalid(List<FieldProblem> errors) {
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.BAD_REQUEST, "Invalid request", describe(errors));
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    /** One invalid field of a request, as listed in a 400's {@code errors}. */
    record FieldProblem(String field, String message) {}

    private static String describe(List<FieldProblem> errors) {
        return errors.isEmpty()
                ? "The request is not valid"
                : errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
    }

    private static String unreadable(HttpMessageNotReadableException ex) {
        for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException jackson) {
                String path = path(jackson);
                String reason = jackson.getOriginalMessage();
                if (cause.getCause() instanceof IllegalArgumentException invalid && invalid.getMessage() != null) {
                    reason = invalid.getMessage();
                }
                if (path.isEmpty()) {
                    return "The body is not valid JSON: " + firstLine(reason);
                }
                return "Field '" + path + "': " + firstLine(reason);
            }
        }
        return "The body is missing or is not valid JSON";
    }

    /** Where in the body the value was, as {@code lines[0].quantity}. */
    private static String path(JacksonException jackson) {
        return jackson.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        // Jackson appends parser internals (source, offsets) and advice on its own configuration: not the client's.
        for (String noise : new String[] {" (for ", " at [Source", " [Source", " (but could if", " (but might if"}) {
            int cut = line.indexOf(noise);
            if (cut > 0) {
                line = line.substring(0, cut);
            }
        }
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "value";
        }
        return switch (type.getSimpleName()) {
            case "UUID" -> "id (a UUID)";
            case "Integer", "int", "Long", "long" -> "whole number";
            default -> type.getSimpleName();
        };
    }
}
