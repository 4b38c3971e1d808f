package org.ledgerline.saga.order;

/**
 * How the saga sends its commands: fire and forget, the answers come back as events. The platform's implementation
 * sends them once the saga's decision is committed, each in a transaction of its own, so a refused command (an
 * order cancelled meanwhile) cannot roll back the saga's own progress.
 */
public interface SagaCommands {

    void send(Object command);
}
