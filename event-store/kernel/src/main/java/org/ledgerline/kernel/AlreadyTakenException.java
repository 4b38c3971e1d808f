package org.ledgerline.kernel;

/** A value that must be unique (an e-mail address, a SKU) belongs to someone else; the HTTP layer answers 409. */
public class AlreadyTakenException extends IllegalStateException {

    private final String scope;

    public AlreadyTakenException(String scope, String message) {
        super(message);
        this.scope = scope;
    }

    public String scope() {
        return scope;
    }
}
