package org.ledgerline.product.catalog;

import java.util.UUID;
import java.util.regex.Pattern;
import org.ledgerline.kernel.Money;
import org.ledgerline.product.api.InvalidProductException;

/** The catalog's rules, each named, each refusing with a message a person understands. */
final class ProductRules {

    static final String SKU_SCOPE = "product-sku";
    static final int MAX_QUANTITY = 1_000_000;

    private static final Pattern SKU = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private ProductRules() {}

    static void requireSku(String sku) {
        if (sku == null || !SKU.matcher(sku.trim()).matches()) {
            throw new InvalidProductException(
                    "A SKU is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    static void requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidProductException("A product needs a name");
        }
        if (name.trim().length() > Product.MAX_NAME_LENGTH) {
            throw new InvalidProductException("A product name has at most " + Product.MAX_NAME_LENGTH + " characters");
        }
    }

    static void requirePrice(Money price) {
        if (price == null) {
            throw new InvalidProductException("A product needs a price");
        }
        if (price.isNegative()) {
            throw new InvalidProductException("A price cannot be negative");
        }
    }

    static void requireStock(int stock) {
        if (stock < 0 || stock > MAX_QUANTITY) {
            throw new InvalidProductException("Stock is 0 to " + MAX_QUANTITY + " units");
        }
    }

    static void requireQuantity(int quantity) {
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw new InvalidProductException("A quantity is 1 to " + MAX_QUANTITY + " units");
        }
    }

    static void requireOrder(UUID orderId) {
        if (orderId == null) {
            throw new InvalidProductException("A reservation names its order");
        }
    }

    static boolean sameCurrency(Money current, Money next) {
        return current.currency().equals(next.currency());
    }
}
