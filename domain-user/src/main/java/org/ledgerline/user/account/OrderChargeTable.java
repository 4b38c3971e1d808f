package org.ledgerline.user.account;

import java.util.Currency;
import java.util.Optional;
import java.util.UUID;
import org.ledgerline.kernel.Money;
import org.ledgerline.user.api.AccountId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@link OrderCharges} on the {@code account_order_charge} table. PostgreSQL writes its rows from the events, in the
 * INSERT that appends each charge, decline or refund (migration V10_2), so a row is there exactly when its events are;
 * this class only reads, one probe of the primary key in the command's transaction.
 */
@Component
class OrderChargeTable implements OrderCharges {

    private final JdbcTemplate jdbc;

    OrderChargeTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Answer> of(AccountId account, UUID order) {
        return jdbc
                .query(
                        "SELECT outcome, amount, currency FROM account_order_charge"
                                + " WHERE account_id = ? AND order_id = ?",
                        (rs, row) -> new Answer(
                                Outcome.valueOf(rs.getString("outcome")),
                                new Money(rs.getBigDecimal("amount"), Currency.getInstance(rs.getString("currency")))),
                        account.toString(),
                        order)
                .stream()
                .findFirst();
    }
}
