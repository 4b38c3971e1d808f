package org.ledgerline.kernel;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount in one ISO 4217 currency. The amount keeps the scale it was given ({@code 12.50} stays {@code 12.50});
 * equality ignores trailing zeros, so {@code 12.5 EUR} equals {@code 12.50 EUR}.
 */
public record Money(BigDecimal amount, Currency currency) {

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        int digits = currency.getDefaultFractionDigits();
        if (digits >= 0 && amount.stripTrailingZeros().scale() > digits) {
            throw new IllegalArgumentException(
                    amount + " has more decimals than " + currency + " allows (" + digits + ")");
        }
    }

    public static Money of(String amount, String currency) {
        return new Money(new BigDecimal(amount), Currency.getInstance(currency));
    }

    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO.setScale(Math.max(0, currency.getDefaultFractionDigits())), currency);
    }

    public boolean isNegative() {
        return amount.signum() < 0;
    }

    public boolean isPositive() {
        return amount.signum() > 0;
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    public Money times(long factor) {
        return new Money(amount.multiply(BigDecimal.valueOf(factor)), currency);
    }

    /** Whether this is at least {@code other} (same currency). */
    public boolean covers(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount) >= 0;
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new InvalidCommandException("Cannot combine " + this + " with " + other + ": different currencies");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Money that && amount.compareTo(that.amount) == 0 && currency.equals(that.currency);
    }

    @Override
    public int hashCode() {
        return Objects.hash(amount.stripTrailingZeros(), currency);
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency.getCurrencyCode();
    }
}
