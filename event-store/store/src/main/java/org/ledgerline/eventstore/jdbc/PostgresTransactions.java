package org.ledgerline.eventstore.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What the PostgreSQL driver knows of a connection's open transaction, without a round trip. Once a statement of a
 * transaction failed, PostgreSQL refuses every later statement and answers {@code COMMIT} with {@code ROLLBACK}, and
 * pgjdbc (since 42.2.12, which reverted {@code raiseExceptionOnSilentRollback}) reports that commit as a success. The
 * driver tracks the server's transaction status from each reply, so asking it costs nothing.
 */
public final class PostgresTransactions {

    private PostgresTransactions() {}

    /** Whether the connection's open transaction was aborted by a failed statement; false for other drivers. */
    public static boolean isAborted(Connection connection) {
        try {
            return connection.isWrapperFor(BaseConnection.class)
                    && connection.unwrap(BaseConnection.class).getTransactionState() == TransactionState.FAILED;
        } catch (SQLException e) {
            // A closed or broken connection cannot commit anyway; the commit itself will say so.
            return false;
        }
    }

    /** Whether the transaction this thread holds on the data source (if any) was aborted by a failed statement. */
    public static boolean currentIsAborted(DataSource dataSource) {
        Object resource = TransactionSynchronizationManager.getResource(dataSource);
        return resource instanceof ConnectionHolder holder
                && holder.getConnectionHandle() != null
                && isAborted(holder.getConnection());
    }
}
