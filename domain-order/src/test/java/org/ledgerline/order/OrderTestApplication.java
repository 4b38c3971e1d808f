package org.ledgerline.order;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.ledgerline.order.spi.CatalogEntry;
import org.ledgerline.order.spi.ProductCatalog;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The order context alone on the event store; the test fills the catalog the platform would supply. */
@SpringBootApplication
public class OrderTestApplication {

    /** Products the tests put on sale. */
    public static final Map<UUID, CatalogEntry> CATALOG = new ConcurrentHashMap<>();

    @Bean
    ProductCatalog productCatalog() {
        return productId -> Optional.ofNullable(CATALOG.get(productId));
    }
}
