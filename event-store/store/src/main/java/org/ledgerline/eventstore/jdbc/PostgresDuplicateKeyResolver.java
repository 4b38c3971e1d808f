package org.ledgerline.eventstore.jdbc;

import java.sql.SQLException;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;

/**
 * Recognises PostgreSQL's unique violation (SQLSTATE 23505) anywhere in an exception's causes, including the
 * chained exceptions of a JDBC batch. Axon's {@code JdbcSQLErrorCodesResolver} looks at vendor error codes, which
 * PostgreSQL leaves at 0, so two writers appending the same aggregate sequence number surfaced as a generic
 * {@code EventStoreException} instead of a {@code ConcurrencyException}.
 */
public class PostgresDuplicateKeyResolver implements PersistenceExceptionResolver {

    static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    if (UNIQUE_VIOLATION.equals(next.getSQLState())) {
                        return true;
                    }
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
