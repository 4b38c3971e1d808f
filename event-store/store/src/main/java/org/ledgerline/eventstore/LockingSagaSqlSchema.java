package org.ledgerline.eventstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;

/**
 * Axon's PostgreSQL saga schema, loading a saga's state with a row lock ({@code FOR UPDATE}) held until the loading
 * transaction ends. Two units of work can change one saga at the same moment: the saga processor's batch and a
 * deadline, which db-scheduler runs on its own threads. Axon's store writes a saga back without a version check, so
 * the later commit would overwrite the earlier one (a timeout's compensation forgotten, or an answer forgotten).
 * With the lock the second one waits on its load and then reads what the first committed.
 */
public class LockingSagaSqlSchema extends PostgresSagaSqlSchema {

    public LockingSagaSqlSchema() {
        super();
    }

    public LockingSagaSqlSchema(SagaSchema sagaSchema) {
        super(sagaSchema);
    }

    @Override
    public PreparedStatement sql_loadSaga(Connection connection, String sagaId) throws SQLException {
        SagaSchema s = sagaSchema();
        PreparedStatement statement = connection.prepareStatement(
                "SELECT " + s.serializedSagaColumn() + ", " + s.sagaTypeColumn() + ", " + s.revisionColumn() + " FROM "
                        + s.sagaEntryTable() + " WHERE " + s.sagaIdColumn() + " = ? FOR UPDATE");
        statement.setString(1, sagaId);
        return statement;
    }

    /**
     * Takes the same lock without reading the state: for a cache in front of the store, whose hit must still wait
     * for a unit of work that is changing the saga elsewhere.
     */
    public void lockSaga(Connection connection, String sagaId) throws SQLException {
        SagaSchema s = sagaSchema();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT 1 FROM " + s.sagaEntryTable() + " WHERE " + s.sagaIdColumn() + " = ? FOR UPDATE")) {
            statement.setString(1, sagaId);
            statement.executeQuery().close();
        }
    }
}
