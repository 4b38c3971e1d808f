package org.ledgerline.kernel;

/** No such resource, or one the caller may not know exists (HTTP 404). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
