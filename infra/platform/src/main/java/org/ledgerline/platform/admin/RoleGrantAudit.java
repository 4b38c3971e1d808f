package org.ledgerline.platform.admin;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.ledgerline.kernel.AdminAudit;
import org.ledgerline.platform.telemetry.ActorMetadata;
import org.ledgerline.user.api.GrantRole;
import org.springframework.stereotype.Component;

/**
 * Audits role grants where they take effect: in the command's unit of work, just before its transaction commits, so a
 * grant that fails (unknown user, stale version) leaves no audit row and one that succeeds always has one.
 */
@Component
class RoleGrantAudit implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final AdminAudit audit;

    RoleGrantAudit(AdminAudit audit) {
        this.audit = audit;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        if (command.getPayload() instanceof GrantRole grant) {
            Object actor = command.getMetaData().getOrDefault(ActorMetadata.ACTOR, "system");
            unitOfWork.onPrepareCommit(u -> audit.record(
                    actor.toString(), "user.role.grant", grant.userId().toString(), "role=" + grant.role()));
        }
        return chain.proceed();
    }
}
