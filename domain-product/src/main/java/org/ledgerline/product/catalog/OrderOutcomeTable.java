package org.ledgerline.product.catalog;

import java.util.UUID;
import org.ledgerline.product.api.ProductId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@link OrderOutcomes} on the {@code product_order_outcome} table. PostgreSQL writes its rows from the events, in the
 * INSERT that appends each refusal, release or commit (migration V11_3), so a row is there exactly when its event is;
 * this class only reads, one probe of the primary key in the command's transaction.
 */
@Component
class OrderOutcomeTable implements OrderOutcomes {

    private final JdbcTemplate jdbc;

    OrderOutcomeTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean settled(ProductId product, UUID order) {
        return !jdbc.queryForList(
                        "SELECT 1 FROM product_order_outcome WHERE product_id = ? AND order_id = ?",
                        Integer.class,
                        product.toString(),
                        order)
                .isEmpty();
    }
}
