package org.ledgerline.platform.web;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The command API's filters, ordered after Spring Security (which authenticates the caller they key on): first the
 * rate limit, then idempotency.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties({IdempotencyProperties.class, RateLimitProperties.class})
class CommandEdgeConfiguration {

    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(RateLimitProperties properties, ProblemResponses problems,
                                                            MeterRegistry meters) {
        FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(
                new RateLimitFilter(Math.max(1, properties.commandsPerSecond()), problems, meters));
        registration.setOrder(10);
        registration.setEnabled(properties.commandsPerSecond() > 0);
        return registration;
    }

    @Bean
    FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(IdempotencyStore store, ProblemResponses problems,
                                                                IdempotencyProperties properties,
                                                                MeterRegistry meters,
                                                                PlatformTransactionManager transactions) {
        FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(
                new IdempotencyFilter(store, problems, properties.maxBodySize(), meters, transactions));
        registration.setOrder(20);
        return registration;
    }
}
