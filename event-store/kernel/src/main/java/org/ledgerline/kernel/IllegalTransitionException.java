package org.ledgerline.kernel;

/**
 * A command the aggregate cannot take in its current state (ship a pending order, cancel a delivered one); the HTTP
 * layer answers 409 with the current state.
 */
public class IllegalTransitionException extends IllegalStateException {

    private final String currentState;

    public IllegalTransitionException(String message, String currentState) {
        super(message);
        this.currentState = currentState;
    }

    public String currentState() {
        return currentState;
    }
}
