package org.ledgerline.eventstore.jdbc;

import static org.axonframework.common.jdbc.JdbcUtils.executeQuery;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.SagaStorageException;
import org.axonframework.modelling.saga.repository.jdbc.GenericSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.ledgerline.eventstore.LockingSagaSqlSchema;

/**
 * Axon's JDBC saga store, reading a saga in two statements instead of three. For every event, Axon's saga repository
 * asks the store which sagas the event's association value names (one query), then loads each of them: its state (a
 * second query) and its association values (a third). Here the first query joins all three, and what it read is
 * handed to the loads that follow in the same unit of work, each of which only locks the saga's row (below).
 *
 * <p>What it read is kept in the unit of work's resources only while its handlers run, never across units of work:
 * a load returns what the database held when this event's handling looked the saga up, a moment before Axon's own
 * two reads would have read it, so it is as safe with several nodes as Axon's store (only a change committed in
 * that moment, between the find and the loads, could reach Axon's loads and not these). A load with nothing read
 * ahead (a deadline, no unit of work) is Axon's own; so are all writes.
 *
 * <p>The joined read locks nothing. Every load of a saga takes its row lock ({@link LockingSagaSqlSchema}), after
 * Axon's saga repository has taken its in-memory lock of that saga: a load read ahead locks the saga's state row and
 * compares its row version ({@code xmin}) with the one read ahead, and reads the saga again, as Axon's load does, if
 * another unit of work (a deadline) committed a change in between. So every unit of work takes a saga's in-memory
 * lock before its row lock, the saga processor's batches as the deadlines (ADR 0022); a joined read that locked the
 * rows it found would hold them while waiting for the in-memory locks that deadlines hold while waiting for the rows.
 * It also locks only the sagas a batch loads: those of its own segment, not every saga the event names.
 */
public class JoinedReadSagaStore extends JdbcSagaStore {

    private static final String RESOURCE = JoinedReadSagaStore.class.getName();

    private final ConnectionProvider connections;
    private final Serializer serializer;
    private final String findAndLoad;
    private final String lockAndVersion;

    public JoinedReadSagaStore(ConnectionProvider connections, GenericSagaSqlSchema sqlSchema, Serializer serializer) {
        super(JdbcSagaStore.builder()
                .connectionProvider(connections)
                .sqlSchema(sqlSchema)
                .serializer(serializer));
        this.connections = connections;
        this.serializer = serializer;
        SagaSchema s = sqlSchema.sagaSchema();
        // Columns 1-3 as Axon's own load selects them, then the saga's id, one association and the state's row
        // version. No row lock here: a load takes it, after Axon's in-memory lock of the saga (class comment).
        this.findAndLoad = "SELECT e." + s.serializedSagaColumn() + ", e." + s.sagaTypeColumn() + ", e."
                + s.revisionColumn() + ", a." + s.sagaIdColumn() + ", v." + s.associationKeyColumn() + ", v."
                + s.associationValueColumn() + ", e.xmin::text"
                + " FROM " + s.associationValueEntryTable() + " a"
                + " LEFT JOIN " + s.sagaEntryTable() + " e ON e." + s.sagaIdColumn() + " = a." + s.sagaIdColumn()
                + " LEFT JOIN " + s.associationValueEntryTable() + " v ON v." + s.sagaIdColumn() + " = a."
                + s.sagaIdColumn() + " AND v." + s.sagaTypeColumn() + " = a." + s.sagaTypeColumn()
                + " WHERE a." + s.associationKeyColumn() + " = ? AND a." + s.associationValueColumn() + " = ? AND a."
                + s.sagaTypeColumn() + " = ?";
        // The row lock every load of a saga takes (LockingSagaSqlSchema). Waiting on it, PostgreSQL returns the
        // row as the lock's holder committed it, with that commit's row version.
        this.lockAndVersion =
                "SELECT xmin::text FROM " + s.sagaEntryTable() + " WHERE " + s.sagaIdColumn() + " = ? FOR UPDATE";
    }

    @Override
    public Set<String> findSagas(Class<?> sagaType, AssociationValue associationValue) {
        Map<String, ReadAhead> kept = readAheadOfThisUnitOfWork();
        if (kept == null) {
            return super.findSagas(sagaType, associationValue);
        }
        Map<String, ReadAhead> found = executeQuery(
                connection(),
                connection -> {
                    var statement = connection.prepareStatement(findAndLoad);
                    statement.setString(1, associationValue.getKey());
                    statement.setString(2, associationValue.getValue());
                    statement.setString(3, serializer.typeForClass(sagaType).getName());
                    return statement;
                },
                this::readAhead,
                e -> new SagaStorageException("Exception while reading saga entries", e));
        Set<String> ids = new TreeSet<>();
        found.forEach((id, saga) -> {
            ids.add(id);
            if (saga.state() != null) {
                kept.put(id, saga);
            }
        });
        return ids;
    }

    @Override
    public <S> Entry<S> loadSaga(Class<S> sagaType, String sagaIdentifier) {
        Map<String, ReadAhead> kept = readAheadOfThisUnitOfWork();
        ReadAhead saga = kept == null ? null : kept.remove(sagaIdentifier);
        if (saga == null || !saga.version().equals(lockAndReadVersion(sagaIdentifier))) {
            return super.loadSaga(sagaType, sagaIdentifier);
        }
        S loaded = serializer.deserialize(saga.state());
        return new Loaded<>(saga.associations(), loaded);
    }

    /** Locks the saga's state row until the transaction ends; its row version, or null if it has none. */
    private String lockAndReadVersion(String sagaIdentifier) {
        return executeQuery(
                connection(),
                connection -> {
                    var statement = connection.prepareStatement(lockAndVersion);
                    statement.setString(1, sagaIdentifier);
                    return statement;
                },
                rows -> rows.next() ? rows.getString(1) : null,
                e -> new SagaStorageException("Exception while locking saga " + sagaIdentifier, e));
    }

    private Connection connection() {
        try {
            return connections.getConnection();
        } catch (SQLException e) {
            throw new SagaStorageException("Could not get a connection to read sagas", e);
        }
    }

    /** One row per association value of each saga found; a saga without a state row keeps a null state. */
    private Map<String, ReadAhead> readAhead(ResultSet rows) throws SQLException {
        Map<String, ReadAhead> sagas = new HashMap<>();
        while (rows.next()) {
            String id = rows.getString(4);
            ReadAhead saga = sagas.get(id);
            if (saga == null) {
                byte[] state = rows.getBytes(1);
                // As Axon's schema reads a saga's state (GenericSagaSqlSchema.readSerializedSaga).
                saga = new ReadAhead(
                        state == null
                                ? null
                                : new SimpleSerializedObject<>(
                                        state, byte[].class, rows.getString(2), rows.getString(3)),
                        rows.getString(7),
                        new HashSet<>());
                sagas.put(id, saga);
            }
            String key = rows.getString(5);
            if (key != null) {
                saga.associations().add(new AssociationValue(key, rows.getString(6)));
            }
        }
        return sagas;
    }

    /** The sagas read ahead in the current root unit of work while its handlers run; null otherwise. */
    private static Map<String, ReadAhead> readAheadOfThisUnitOfWork() {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        if (root.phase() != UnitOfWork.Phase.STARTED) {
            return null;
        }
        return root.getOrComputeResource(RESOURCE, key -> new HashMap<>());
    }

    private record ReadAhead(SerializedObject<byte[]> state, String version, Set<AssociationValue> associations) {}

    private record Loaded<S>(Set<AssociationValue> associationValues, S saga) implements Entry<S> {}
}
