package org.ledgerline.product;

import org.ledgerline.http.Caller;
import org.ledgerline.testsupport.http.TestCallers;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The product context alone on the event store, for its integration tests; its endpoints take the caller from a
 * {@link TestCallers} token (the platform's security is not here).
 */
@SpringBootApplication
public class ProductTestApplication {

    @Bean
    WebMvcConfigurer testCallers() {
        return TestCallers.webMvc(Caller.class, Caller::new);
    }
}
