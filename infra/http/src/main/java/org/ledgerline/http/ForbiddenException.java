package org.ledgerline.http;

/** The caller may not do this to that resource (HTTP 403). */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
