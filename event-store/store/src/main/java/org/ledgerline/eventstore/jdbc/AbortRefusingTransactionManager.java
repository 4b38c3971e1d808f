package org.ledgerline.eventstore.jdbc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * Spring's JDBC transaction manager, except that it never reports a commit PostgreSQL turned into a rollback. Every
 * transaction of the platform goes through it (Axon's units of work, jOOQ, {@code JdbcTemplate}). Without it, a
 * handler error swallowed inside a unit of work (an error handler, a {@code catch}) left an aborted transaction whose
 * {@code COMMIT} the driver answers as a success: the command was acknowledged and nothing was stored. Here such a
 * commit rolls back and throws {@link SilentRollbackException}, counted in
 * {@value #REFUSED_METRIC}.
 */
public class AbortRefusingTransactionManager extends JdbcTransactionManager {

    public static final String REFUSED_METRIC = "ledgerline.transactions.silent.rollbacks.refused";

    private static final Logger log = LoggerFactory.getLogger(AbortRefusingTransactionManager.class);

    private final transient Counter refused;

    public AbortRefusingTransactionManager(DataSource dataSource, MeterRegistry meters) {
        super(dataSource);
        this.refused = Counter.builder(REFUSED_METRIC)
                .description("Commits refused because PostgreSQL had aborted the transaction after a "
                        + "failed statement whose error was caught")
                .register(meters);
    }

    @Override
    protected void doCommit(DefaultTransactionStatus status) {
        if (PostgresTransactions.currentIsAborted(obtainDataSource())) {
            refused.increment();
            doRollback(status);
            log.error("Refused to commit a transaction PostgreSQL had aborted: a statement failed and its error was "
                    + "caught, so nothing of this transaction was stored");
            throw new SilentRollbackException("A statement of this transaction failed and its error was caught; "
                    + "PostgreSQL rolled the whole transaction back");
        }
        super.doCommit(status);
    }
}
