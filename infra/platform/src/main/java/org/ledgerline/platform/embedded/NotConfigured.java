package org.ledgerline.platform.embedded;

import java.util.Map;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the property named by {@link ConditionalOnNotConfigured} is missing or blank and embedded servers are
 * enabled. Evaluated when the context refreshes, so test-time properties are already in place.
 */
class NotConfigured implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnNotConfigured.class.getName());
        String property = (String) attributes.get("value");
        String value = context.getEnvironment().getProperty(property);
        boolean enabled = context.getEnvironment().getProperty("ledgerline.embedded.enabled", Boolean.class, true);
        return enabled && (value == null || value.isBlank());
    }
}
