package org.ledgerline.platform.web;

import org.springframework.http.HttpStatus;

/**
 * The words of problems the servlet container answers on its own (a bad path or encoding, oversize headers, an
 * unknown method): the container knows only the status, so the sentence is chosen by it.
 */
final class ContainerProblems {

    private ContainerProblems() {}

    static String title(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "Malformed request";
            case NOT_FOUND -> "Not found";
            case METHOD_NOT_ALLOWED -> "Method not allowed";
            case CONTENT_TOO_LARGE -> "Request too large";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "Request headers too large";
            default -> status.getReasonPhrase();
        };
    }

    static String detail(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST ->
                "The request's line, path, encoding or headers are not valid HTTP, or use characters "
                        + "this API does not take (such as ';', '%00', an encoded '/' or '\\\\', '..' or '//' in the path)";
            case NOT_FOUND -> "Nothing is at this path";
            case METHOD_NOT_ALLOWED -> "This path does not take this HTTP method";
            case CONTENT_TOO_LARGE -> "The request body is larger than the server takes";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "The request's headers are larger than the server takes";
            default ->
                status.is5xxServerError()
                        ? "Something went wrong on our side and nothing was changed by this failure. Try again later."
                        : "The server refused this request (" + status.value() + " " + status.getReasonPhrase() + ")";
        };
    }
}
