package org.ledgerline.platform.embedded;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when at least one embedded server will start. */
class AnyServerNotConfigured implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Environment environment = context.getEnvironment();
        return environment.getProperty("ledgerline.embedded.enabled", Boolean.class, true)
                && (blank(environment.getProperty("spring.datasource.url"))
                        || blank(environment.getProperty("ledgerline.kafka.bootstrap-servers")));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
