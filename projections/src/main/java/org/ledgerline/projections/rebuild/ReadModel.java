package org.ledgerline.projections.rebuild;

import java.util.List;
import java.util.Map;

/**
 * A read model: the processing group that keeps it, its tables, and the views over them (recreated on a swap, since
 * a view follows the table it was created on).
 */
public record ReadModel(String name, String processingGroup, List<String> tables, Map<String, String> views) {

    static final List<ReadModel> ALL = List.of(
            new ReadModel(
                    "orders",
                    "orders",
                    List.of("orders", "order_lines"),
                    Map.of(
                            "customer_order_summary",
                            "SELECT customer_id, count(*) AS order_count, coalesce(sum(CASE WHEN status IN ('CONFIRMED', "
                                    + "'SHIPPED', 'DELIVERED') THEN total_amount END), 0) AS total_spent, "
                                    + "min(total_currency) AS currency FROM public.orders GROUP BY customer_id")),
            new ReadModel("products", "products", List.of("products", "product_reservations"), Map.of()),
            new ReadModel("users", "users", List.of("users", "user_roles", "accounts"), Map.of()));

    public static List<String> names() {
        return ALL.stream().map(ReadModel::name).toList();
    }
}
