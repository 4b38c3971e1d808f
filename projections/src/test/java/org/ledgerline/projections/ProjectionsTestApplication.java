package org.ledgerline.projections;

import org.ledgerline.http.Caller;
import org.ledgerline.testsupport.http.TestCallers;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The read models alone on the event store, for their integration tests; their endpoints take the caller from a
 * {@link TestCallers} token (the platform's security is not here).
 */
@SpringBootApplication
public class ProjectionsTestApplication {

    @Bean
    WebMvcConfigurer testCallers() {
        return TestCallers.webMvc(Caller.class, Caller::new);
    }
}
