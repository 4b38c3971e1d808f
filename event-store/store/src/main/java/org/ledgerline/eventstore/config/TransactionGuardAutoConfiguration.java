package org.ledgerline.eventstore.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import javax.sql.DataSource;
import org.ledgerline.eventstore.jdbc.AbortRefusingTransactionManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.TransactionManager;

/**
 * The platform's transaction manager: Spring Boot's JDBC one, refusing to report a commit PostgreSQL turned into a
 * rollback ({@link AbortRefusingTransactionManager}). Before Boot's own, which then backs off; so also before Axon's
 * transaction auto-configuration, which wraps whatever {@code PlatformTransactionManager} exists
 * ({@code TransactionWiringIT} checks both).
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration"
        },
        beforeName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
            "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration"
        })
@ConditionalOnSingleCandidate(DataSource.class)
public class TransactionGuardAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(TransactionManager.class)
    public AbortRefusingTransactionManager transactionManager(
            DataSource dataSource,
            ObjectProvider<MeterRegistry> meters,
            ObjectProvider<TransactionManagerCustomizers> customizers) {
        AbortRefusingTransactionManager manager =
                new AbortRefusingTransactionManager(dataSource, meters.getIfAvailable(SimpleMeterRegistry::new));
        customizers.ifAvailable(all -> all.customize(manager));
        return manager;
    }
}
