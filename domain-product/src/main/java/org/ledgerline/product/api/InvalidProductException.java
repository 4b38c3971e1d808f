package org.ledgerline.product.api;

import org.ledgerline.kernel.InvalidCommandException;

/** A product command that breaks a catalog rule; the message says which, for a person to read. */
public class InvalidProductException extends InvalidCommandException {

    public InvalidProductException(String message) {
        super(message);
    }
}
