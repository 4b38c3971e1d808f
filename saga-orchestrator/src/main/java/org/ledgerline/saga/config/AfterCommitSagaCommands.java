package org.ledgerline.saga.config;

import io.opentelemetry.context.Context;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.ledgerline.saga.order.SagaCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Sends the saga's commands after the saga's unit of work committed, on threads of its own. Sent inside the saga's
 * transaction, a refused command (an order cancelled meanwhile cannot be confirmed) would mark that shared
 * transaction rollback-only and undo the saga's progress with it; sent after, a refusal is only logged, and the
 * answer (or its absence, caught by the step's deadline) drives the saga on. A crash between the commit and the
 * send loses the command; the deadline catches that too.
 *
 * <p>The trace context of the saga's handler is captured when the command is sent and restored around the
 * dispatch: the commit and the executor's thread have none of their own, and without it every saga command would
 * start a trace of its own instead of continuing the order's. The handler's logging context (request id, trace
 * ids) travels the same way, so the command carries the order's request id in its metadata and every later log line
 * of the order names it.
 */
class AfterCommitSagaCommands implements SagaCommands, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AfterCommitSagaCommands.class);

    private final CommandGateway gateway;
    private final ExecutorService executor;

    AfterCommitSagaCommands(CommandGateway gateway, int threads) {
        this.gateway = gateway;
        this.executor = Executors.newFixedThreadPool(
                threads,
                Thread.ofPlatform().name("saga-commands-", 0).daemon(true).factory());
    }

    @Override
    public void send(Object command) {
        Context handling = Context.current();
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> dispatch(command, handling, logContext));
        } else {
            dispatch(command, handling, logContext);
        }
    }

    private void dispatch(Object command, Context handling, Map<String, String> logContext) {
        Runnable send = () -> {
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
            try {
                gateway.send(command).whenComplete((result, error) -> {
                    if (error != null) {
                        // Expected in races (an order cancelled while the saga confirmed it); the saga reacts to
                        // events.
                        log.info(
                                "Saga command {} refused: {}",
                                command.getClass().getSimpleName(),
                                error.toString());
                    }
                });
            } finally {
                MDC.clear();
            }
        };
        executor.execute(handling.wrap(send));
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
