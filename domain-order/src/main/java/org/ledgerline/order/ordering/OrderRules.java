package org.ledgerline.order.ordering;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.ledgerline.kernel.InvalidCommandException;
import org.ledgerline.kernel.Money;
import org.ledgerline.order.api.OrderLine;
import org.ledgerline.order.api.RequestedLine;
import org.ledgerline.order.api.ShippingAddress;
import org.ledgerline.order.spi.CatalogEntry;
import org.ledgerline.order.spi.ProductCatalog;

/** The ordering rules, each named, each refusing with a sentence a person understands. */
final class OrderRules {

    static final int MAX_LINES = 50;
    static final int MAX_QUANTITY = 1000;
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private OrderRules() {}

    /** Prices each requested line from the catalog: the price is the catalog's now, never the customer's. */
    static List<OrderLine> priced(List<RequestedLine> requested, ProductCatalog catalog) {
        if (requested == null || requested.isEmpty() || requested.size() > MAX_LINES) {
            throw new InvalidCommandException("An order has 1 to " + MAX_LINES + " lines");
        }
        Set<UUID> seen = new HashSet<>();
        List<OrderLine> lines = new ArrayList<>();
        for (RequestedLine line : requested) {
            if (line == null || line.productId() == null) {
                throw new InvalidCommandException("Every order line names a product");
            }
            if (!seen.add(line.productId())) {
                throw new InvalidCommandException("Product " + line.productId() + " is on more than one line; "
                        + "order it once with the total quantity");
            }
            if (line.quantity() < 1 || line.quantity() > MAX_QUANTITY) {
                throw new InvalidCommandException("A quantity is 1 to " + MAX_QUANTITY);
            }
            CatalogEntry product = catalog.find(line.productId())
                    .orElseThrow(() -> new InvalidCommandException("Product " + line.productId() + " does not exist"));
            if (!product.orderable()) {
                throw new InvalidCommandException("Product " + line.productId() + " can no longer be ordered");
            }
            lines.add(new OrderLine(line.productId(), product.sku(), product.name(), line.quantity(), product.price()));
        }
        return lines;
    }

    static Money total(List<OrderLine> lines) {
        Money total = Money.zero(lines.getFirst().unitPrice().currency());
        for (OrderLine line : lines) {
            if (!line.unitPrice().currency().equals(total.currency())) {
                throw new InvalidCommandException("All products of one order must be priced in one currency");
            }
            total = total.plus(line.unitPrice().times(line.quantity()));
        }
        return total;
    }

    static ShippingAddress address(ShippingAddress address) {
        if (address == null) {
            throw new InvalidCommandException("An order needs a shipping address");
        }
        String line1 = required(address.line1(), "line1", 200);
        String city = required(address.city(), "city", 100);
        String postalCode = required(address.postalCode(), "postalCode", 20);
        String country = required(address.country(), "country", 2).toUpperCase(Locale.ROOT);
        if (!COUNTRIES.contains(country)) {
            throw new InvalidCommandException("The country is an ISO 3166-1 alpha-2 code like DE; got " + country);
        }
        String line2 = address.line2() == null || address.line2().isBlank()
                ? null
                : address.line2().trim();
        return new ShippingAddress(line1, line2, city, postalCode, country);
    }

    static String required(String value, String field, int max) {
        if (value == null || value.isBlank() || value.trim().length() > max) {
            throw new InvalidCommandException("The " + field + " is 1 to " + max + " characters");
        }
        return value.trim();
    }
}
