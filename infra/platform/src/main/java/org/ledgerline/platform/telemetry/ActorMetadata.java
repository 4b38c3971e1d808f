package org.ledgerline.platform.telemetry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.slf4j.MDC;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Stamps each command sent from a request with who sent it ({@code actor}: the JWT subject, a user id) and the
 * request's id ({@code requestId}). Axon copies both onto the events the command causes, so the audit log and the
 * logs of every later handler can name them. No e-mail, name or token is ever put here.
 */
public class ActorMetadata implements MessageDispatchInterceptor<CommandMessage<?>> {

    public static final String ACTOR = "actor";
    public static final String REQUEST_ID = "requestId";

    /** The authenticated caller's subject, or {@code system} outside a request (start-up, schedules). */
    public static String currentActor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null || !authentication.isAuthenticated() ? "system" : authentication.getName();
    }

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
            List<? extends CommandMessage<?>> messages) {
        return (index, command) -> {
            Map<String, Object> added = new HashMap<>();
            if (!command.getMetaData().containsKey(ACTOR)) {
                added.put(ACTOR, currentActor());
            }
            String requestId = MDC.get("requestId");
            if (requestId != null && !command.getMetaData().containsKey(REQUEST_ID)) {
                added.put(REQUEST_ID, requestId);
            }
            return added.isEmpty() ? command : command.andMetaData(added);
        };
    }
}
