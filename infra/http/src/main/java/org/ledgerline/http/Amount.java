package org.ledgerline.http;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An amount of money a request may carry: at most {@code ledgerline.money.max-amount} either way and at most four
 * decimals ({@link AmountValidator}). The currency's own decimals are checked when the amount becomes
 * {@link org.ledgerline.kernel.Money}.
 */
@Documented
@Constraint(validatedBy = AmountValidator.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
public @interface Amount {

    String message() default "is not an amount the platform takes";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
