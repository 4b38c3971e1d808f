package org.ledgerline.eventstore.jdbc;

import org.springframework.transaction.UnexpectedRollbackException;

/**
 * A commit refused because PostgreSQL had already aborted the transaction: a statement failed and someone caught the
 * error. Nothing of the transaction was stored; whatever asked for the commit must not report success.
 */
public class SilentRollbackException extends UnexpectedRollbackException {

    public SilentRollbackException(String message) {
        super(message);
    }
}
