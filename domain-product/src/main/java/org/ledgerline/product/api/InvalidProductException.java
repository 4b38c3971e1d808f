package org.ledgerline.product.api;

/** A product command that breaks a catalog rule; the message says which, for a person to read. */
public class InvalidProductException extends IllegalArgumentException {

    public InvalidProductException(String message) {
        super(message);
    }
}
