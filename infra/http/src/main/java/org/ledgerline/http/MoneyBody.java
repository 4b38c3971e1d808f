package org.ledgerline.http;

import com.fasterxml.jackson.annotation.JsonFormat;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.util.Currency;
import org.ledgerline.kernel.InvalidCommandException;
import org.ledgerline.kernel.Money;

/**
 * Money as the API writes it: {@code {"amount": "12.50", "currency": "EUR"}} (a JSON number is accepted too, read from
 * its text as a {@code BigDecimal}, never through a {@code double}). A request's amount is bounded ({@link Amount}).
 */
public record MoneyBody(
        @NotNull(message = "is required") @Amount @JsonFormat(shape = JsonFormat.Shape.STRING)
        BigDecimal amount,

        @NotNull(message = "is required") @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code like EUR") String currency) {

    public Money toMoney() {
        try {
            return new Money(amount, Currency.getInstance(currency));
        } catch (IllegalArgumentException e) {
            throw new InvalidCommandException(e.getMessage() == null ? "Unknown currency " + currency : e.getMessage());
        }
    }

    public static MoneyBody of(Money money) {
        return new MoneyBody(money.amount(), money.currency().getCurrencyCode());
    }
}
