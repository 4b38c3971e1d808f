package org.ledgerline.saga;

import java.time.Duration;
import org.ledgerline.http.Caller;
import org.ledgerline.http.TokenIssuer;
import org.ledgerline.order.spi.CatalogEntry;
import org.ledgerline.order.spi.ProductCatalog;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.product.api.ProductLookup;
import org.ledgerline.testsupport.http.TestCallers;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The saga's test slice: the saga with the contexts that answer its commands (users, products, orders) and the
 * read models that answer its order-status queries, on the event store - without the platform's web security,
 * problem handling, telemetry or embedded servers. What the platform joins in production is joined here the same
 * way: the order context's catalog is the product context's lookup. Saga API calls carry
 * {@link TestCallers} tokens; the controller's own admin check still applies.
 */
@SpringBootApplication(
        scanBasePackages = {
            "org.ledgerline.saga",
            "org.ledgerline.user",
            "org.ledgerline.product",
            "org.ledgerline.order",
            "org.ledgerline.projections"
        })
public class SagaTestApplication {

    @Bean
    ProductCatalog productCatalog(ProductLookup products) {
        return productId -> products.find(new ProductId(productId))
                .map(product -> new CatalogEntry(
                        productId, product.sku(), product.name(), product.price(), !product.discontinued()));
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder(4);
    }

    @Bean
    TokenIssuer tokenIssuer() {
        return (userId, roles) -> new TokenIssuer.IssuedToken(TestCallers.token(userId, roles), Duration.ofHours(1));
    }

    @Bean
    WebMvcConfigurer testCallers() {
        return TestCallers.webMvc(Caller.class, Caller::new);
    }
}
