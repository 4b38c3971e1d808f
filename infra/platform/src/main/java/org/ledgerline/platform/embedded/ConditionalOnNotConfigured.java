package org.ledgerline.platform.embedded;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/** Only when the named property is missing or blank (and {@code ledgerline.embedded.enabled} is not false). */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Conditional(NotConfigured.class)
@interface ConditionalOnNotConfigured {

    String value();
}
