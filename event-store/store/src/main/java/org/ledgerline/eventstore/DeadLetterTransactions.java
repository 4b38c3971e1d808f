package org.ledgerline.eventstore;

import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * What a processing group's dead-letter queue needs to write a letter in a transaction of its own
 * ({@link org.ledgerline.eventstore.jdbc.ParkingDeadLetterQueue}): the platform's transaction manager and the data
 * source its transactions are bound to.
 */
public record DeadLetterTransactions(
        PlatformTransactionManager transactionManager, DataSource dataSource, MeterRegistry meters) {}
