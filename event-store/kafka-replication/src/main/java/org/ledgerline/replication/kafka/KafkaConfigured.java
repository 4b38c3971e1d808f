package org.ledgerline.replication.kafka;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when {@code ledgerline.kafka.bootstrap-servers} has a value (blank means: not configured). */
class KafkaConfigured implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String servers = context.getEnvironment().getProperty("ledgerline.kafka.bootstrap-servers");
        return servers != null && !servers.isBlank();
    }
}
