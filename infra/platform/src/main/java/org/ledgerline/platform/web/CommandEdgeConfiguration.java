package org.ledgerline.platform.web;

import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.ledgerline.kernel.AdminAudit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The command API's filters, ordered after Spring Security (which authenticates the caller they key on): first the
 * sign-in and sign-up throttle, then the command rate limit, then the request's scope of appended events
 * ({@link CommandAppendsFilter}), then idempotency. The limits are shared by every node
 * through PostgreSQL (ADR 0014).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties({IdempotencyProperties.class, RateLimitProperties.class, HttpProperties.class})
class CommandEdgeConfiguration {

    /** The buckets' clock: the system's, unless a test supplies a {@link TimeMeter} bean. */
    @Bean
    RateLimits rateLimits(DataSource dataSource, ObjectProvider<TimeMeter> clock, MeterRegistry meters) {
        return new RateLimits(dataSource, clock.getIfAvailable(() -> TimeMeter.SYSTEM_MILLISECONDS), meters);
    }

    @Bean
    SignInFailures signInFailures(JdbcTemplate jdbc, RateLimitProperties properties) {
        return new SignInFailures(
                jdbc,
                properties.signInFailuresBeforeLockout(),
                properties.signInLockoutBase(),
                properties.signInLockoutMax());
    }

    @Bean
    RateLimitCleaner rateLimitCleaner(
            RateLimits limits, SignInFailures failures, RateLimitProperties properties, MeterRegistry meters) {
        return new RateLimitCleaner(
                limits, failures, properties.signInFailureMemory(), properties.cleanupInterval(), meters);
    }

    @Bean
    FilterRegistrationBean<SignInThrottleFilter> signInThrottleFilter(
            RateLimits limits,
            SignInFailures failures,
            AdminAudit audit,
            ProblemResponses problems,
            JsonMapper json,
            MeterRegistry meters,
            RateLimitProperties properties,
            HttpProperties http) {
        FilterRegistrationBean<SignInThrottleFilter> registration =
                new FilterRegistrationBean<>(new SignInThrottleFilter(
                        limits, failures, audit, problems, json, meters, properties, http.maxBodySize()));
        registration.setOrder(5);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(
            RateLimits limits, RateLimitProperties properties, ProblemResponses problems) {
        FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(
                new RateLimitFilter(limits, Math.max(1, properties.commandsPerSecond()), problems));
        registration.setOrder(10);
        registration.setEnabled(properties.commandsPerSecond() > 0);
        return registration;
    }

    /** Before idempotency: the scope encloses the keyed command's transaction and the answer it stores. */
    @Bean
    FilterRegistrationBean<CommandAppendsFilter> commandAppendsFilter() {
        FilterRegistrationBean<CommandAppendsFilter> registration =
                new FilterRegistrationBean<>(new CommandAppendsFilter());
        registration.setOrder(15);
        return registration;
    }

    @Bean
    FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(
            IdempotencyStore store,
            ProblemResponses problems,
            IdempotencyProperties properties,
            MeterRegistry meters,
            PlatformTransactionManager transactions) {
        FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(
                new IdempotencyFilter(store, problems, properties.maxBodySize(), meters, transactions));
        registration.setOrder(20);
        return registration;
    }
}
