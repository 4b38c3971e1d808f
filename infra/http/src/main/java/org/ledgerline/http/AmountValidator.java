package org.ledgerline.http;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.math.BigDecimal;
import org.ledgerline.kernel.Money;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Checks {@link Amount}: the size first, from the number's precision and exponent, so {@code 1e400} is refused
 * without being expanded. Spring builds it with the configured limit.
 */
public class AmountValidator implements ConstraintValidator<Amount, BigDecimal> {

    private final BigDecimal max;

    /** With the default limit, where no Spring context builds validators. */
    public AmountValidator() {
        this(new MoneyProperties(null));
    }

    @Autowired
    public AmountValidator(MoneyProperties properties) {
        this.max = properties.maxAmount();
    }

    @Override
    public boolean isValid(BigDecimal amount, ConstraintValidatorContext context) {
        if (amount == null) {
            return true;
        }
        String problem = problem(amount);
        if (problem == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
        return false;
    }

    private String problem(BigDecimal amount) {
        if ((long) amount.precision() - amount.scale() > Money.MAX_INTEGER_DIGITS
                || amount.abs().compareTo(max) > 0) {
            return "is at most " + max.toPlainString();
        }
        if (amount.scale() > Money.MAX_SCALE && amount.stripTrailingZeros().scale() > Money.MAX_SCALE) {
            return "has at most " + Money.MAX_SCALE + " decimals";
        }
        return null;
    }
}
