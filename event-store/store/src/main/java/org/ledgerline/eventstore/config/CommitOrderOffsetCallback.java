package org.ledgerline.eventstore.config;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.ledgerline.eventstore.jdbc.CommitOrderOffset;

/**
 * Runs the commit-order check ({@link CommitOrderOffset}) on every node's start, right after Flyway's migrations and
 * on Flyway's connection (a migration's lock on {@code domainevententry} cannot make it wait): the table it reads exists
 * by then, and event processors, the HTTP port and everything else that appends start later.
 */
class CommitOrderOffsetCallback implements Callback {

    private final CommitOrderOffset offset;

    CommitOrderOffsetCallback(CommitOrderOffset offset) {
        this.offset = offset;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        offset.check(context.getConnection());
    }

    @Override
    public String getCallbackName() {
        return "ledgerline-commit-order-offset";
    }
}
