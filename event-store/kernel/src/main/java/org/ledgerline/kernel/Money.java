package org.ledgerline.kernel;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount in one ISO 4217 currency. The amount keeps the scale it was given ({@code 12.50} stays {@code 12.50});
 * equality ignores trailing zeros, so {@code 12.5 EUR} equals {@code 12.50 EUR}.
 *
 * <p>Every amount fits every money column ({@code NUMERIC(19,4)}): at most {@value #MAX_INTEGER_DIGITS} digits
 * before the decimal point and {@value #MAX_SCALE} after it (trailing zeros beyond that are dropped, an exponent like
 * {@code 1E+3} becomes {@code 1000}). The size is checked from the number's precision and exponent before anything
 * expands it, so {@code 1E+400} or {@code 1E-999999999} cost nothing to refuse.
 */
public record Money(BigDecimal amount, Currency currency) {

    /** Digits before the decimal point that every money column holds ({@code NUMERIC(19,4)}). */
    public static final int MAX_INTEGER_DIGITS = 15;
    /** Decimals that every money column holds ({@code NUMERIC(19,4)}). */
    public static final int MAX_SCALE = 4;

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        amount = storable(amount, currency);
    }

    private static BigDecimal storable(BigDecimal amount, Currency currency) {
        if (amount.signum() == 0) {
            return amount.setScale(Math.clamp(amount.scale(), 0, MAX_SCALE));
        }
        if ((long) amount.precision() - amount.scale() > MAX_INTEGER_DIGITS) {
            throw new InvalidCommandException(
                    "An amount has at most " + MAX_INTEGER_DIGITS + " digits before the decimal point");
        }
        BigDecimal bounded = amount;
        if (bounded.scale() > MAX_SCALE) {
            bounded = bounded.stripTrailingZeros();
            if (bounded.scale() > MAX_SCALE) {
                throw new InvalidCommandException("An amount has at most " + MAX_SCALE + " decimals");
            }
        }
        if (bounded.scale() < 0) {
            bounded = bounded.setScale(0);
        }
        int digits = currency.getDefaultFractionDigits();
        if (digits >= 0 && bounded.stripTrailingZeros().scale() > digits) {
            throw new InvalidCommandException(
                    bounded.toPlainString() + " has more decimals than " + currency + " allows (" + digits + ")");
        }
        return bounded;
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
