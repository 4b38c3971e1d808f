package org.ledgerline.http;

import java.math.BigDecimal;
import org.ledgerline.kernel.Money;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits of money the API takes ({@code ledgerline.money.*}).
 *
 * @param maxAmount the largest amount a request may carry (a price, a deposit); default 1,000,000,000.00. It may not
 *                  exceed what every money column holds (15 digits before the decimal point, 4 after).
 */
@ConfigurationProperties("ledgerline.money")
public record MoneyProperties(BigDecimal maxAmount) {

    public static final BigDecimal DEFAULT_MAX_AMOUNT = new BigDecimal("1000000000.00");

    public MoneyProperties {
        maxAmount = maxAmount == null ? DEFAULT_MAX_AMOUNT : maxAmount;
        if (maxAmount.signum() <= 0
                || maxAmount.scale() > Money.MAX_SCALE
                || (long) maxAmount.precision() - maxAmount.scale() > Money.MAX_INTEGER_DIGITS) {
            throw new IllegalArgumentException("ledgerline.money.max-amount must be positive with at most "
                    + Money.MAX_INTEGER_DIGITS + " digits before the decimal point "
                    + "and " + Money.MAX_SCALE + " after it, was " + maxAmount);
        }
    }
}
