package org.ledgerline.kernel;

/**
 * A command that breaks a rule of its own content (a negative quantity, a price in another currency); the HTTP layer
 * answers 400. The message is for a person to read and names no secrets.
 */
public class InvalidCommandException extends IllegalArgumentException {

    public InvalidCommandException(String message) {
        super(message);
    }
}
