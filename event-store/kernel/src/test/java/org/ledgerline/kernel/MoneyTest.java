package org.ledgerline.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;

/** Every amount fits every money column ({@code NUMERIC(19,4)}), and refusing one that does not costs nothing. */
class MoneyTest {

    private static final Currency EUR = Currency.getInstance("EUR");

    @Test
    void the_largest_amount_a_money_column_holds_is_kept_as_given() {
        assertThat(Money.of("999999999999999.99", "EUR").amount()).isEqualByComparingTo("999999999999999.99");
        assertThat(Money.of("12.50", "EUR").amount().toPlainString()).isEqualTo("12.50");
    }

    @Test
    void an_amount_with_sixteen_digits_before_the_decimal_point_is_refused() {
        assertThatThrownBy(() -> Money.of("1000000000000000", "EUR"))
                .isInstanceOf(InvalidCommandException.class)
                .hasMessageContaining("15 digits");
        assertThatThrownBy(() -> Money.of("1e20", "EUR")).isInstanceOf(InvalidCommandException.class);
    }

    @Test
    void huge_and_tiny_exponents_are_refused_at_once() {
        assertThatThrownBy(() -> Money.of("1e400", "EUR")).isInstanceOf(InvalidCommandException.class);
        assertThatThrownBy(() -> Money.of("1E+999999999", "EUR")).isInstanceOf(InvalidCommandException.class);
        assertThatThrownBy(() -> Money.of("1E-999999999", "EUR")).isInstanceOf(InvalidCommandException.class);
        assertThat(Money.of("0E+999999999", "EUR").amount()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(Money.of("0E-999999999", "EUR").amount().scale()).isEqualTo(Money.MAX_SCALE);
    }

    @Test
    void a_small_exponent_becomes_a_plain_amount() {
        Money thousand = Money.of("1E+3", "EUR");
        assertThat(thousand.amount().scale()).isZero();
        assertThat(thousand.toString()).isEqualTo("1000 EUR");
    }

    @Test
    void trailing_zeros_beyond_four_decimals_are_dropped_and_other_decimals_refused() {
        assertThat(Money.of("1.000000", "EUR").amount()).isEqualByComparingTo("1");
        assertThatThrownBy(() -> Money.of("1.00001", "EUR")).isInstanceOf(InvalidCommandException.class);
        assertThatThrownBy(() -> new Money(new BigDecimal("1.005"), EUR))
                .isInstanceOf(InvalidCommandException.class)
                .hasMessageContaining("more decimals than EUR");
    }
}
