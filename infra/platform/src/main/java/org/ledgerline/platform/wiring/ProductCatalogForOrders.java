package org.ledgerline.platform.wiring;

import java.util.Optional;
import java.util.UUID;
import org.ledgerline.order.spi.CatalogEntry;
import org.ledgerline.order.spi.ProductCatalog;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.product.api.ProductLookup;
import org.springframework.stereotype.Component;

/**
 * The order context's view of the catalog, answered by the product context. The order module only knows its own
 * SPI; the platform, which sees every module, joins the two.
 */
@Component
class ProductCatalogForOrders implements ProductCatalog {

    private final ProductLookup products;

    ProductCatalogForOrders(ProductLookup products) {
        this.products = products;
    }

    @Override
    public Optional<CatalogEntry> find(UUID productId) {
        return products.find(new ProductId(productId))
                .map(product -> new CatalogEntry(
                        productId, product.sku(), product.name(), product.price(), !product.discontinued()));
    }
}
