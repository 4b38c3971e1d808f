package org.ledgerline.eventstore.jdbc;

import static org.axonframework.common.jdbc.JdbcUtils.executeQuery;
import static org.axonframework.common.jdbc.JdbcUtils.executeUpdate;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.SagaStorageException;
import org.axonframework.modelling.saga.repository.jdbc.GenericSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.modelling.saga.repository.jpa.SagaEntry;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.ledgerline.eventstore.LockingSagaSqlSchema;
import org.ledgerline.eventstore.VersionCheckedSagaCache;

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
 *
 * <p>With a cache ({@link #withCache}, the saga module's default) it also keeps, across units of work, each saga's
 * serialized state and associations under the row version ({@code xmin}) they were read with or written with (its
 * writes return the version they wrote), and the sagas an association value names. A saga event then costs the row
 * lock with its version (one statement; the saga is read again, state and associations in one statement, only when
 * the version differs: another node, a deadline or an operator action changed it) and the write. So it is safe with
 * several nodes: a node never trusts its memory over the row. A version written by a transaction that rolls back never
 * becomes the row's, so nothing needs evicting on rollback. Only association sets that name a saga are kept (a saga
 * started elsewhere is never hidden by a remembered "none"); an association value added to a saga on another node
 * is not seen in a set this node keeps for that value (the order saga's one association, its order id, is set when
 * it starts and never changes).
 */
public class JoinedReadSagaStore extends JdbcSagaStore implements VersionCheckedSagaCache {

    private static final String RESOURCE = JoinedReadSagaStore.class.getName();

    private final ConnectionProvider connections;
    private final GenericSagaSqlSchema sqlSchema;
    private final Serializer serializer;
    private final int cacheSize;
    private final String findAndLoad;
    private final String lockAndVersion;
    private final String loadWithVersion;
    private final String insertReturningVersion;
    private final String updateReturningVersion;
    /** Saga id to what a committed (or this node's own) write left: checked against the row version on every load. */
    private final Map<String, ReadAhead> sagas;
    /** Association value (and saga type) to the ids of the sagas it names; only sets that name a saga. */
    private final Map<List<String>, Set<String>> associations;

    public JoinedReadSagaStore(ConnectionProvider connections, GenericSagaSqlSchema sqlSchema, Serializer serializer) {
        this(connections, sqlSchema, serializer, 0);
    }

    /**
     * @param cacheSize sagas kept across units of work (least recently used out first); 0: none, every event reads
     *     its sagas as described above
     */
    public JoinedReadSagaStore(
            ConnectionProvider connections, GenericSagaSqlSchema sqlSchema, Serializer serializer, int cacheSize) {
        super(JdbcSagaStore.builder()
                .connectionProvider(connections)
                .sqlSchema(sqlSchema)
                .serializer(serializer));
        if (cacheSize < 0) {
            throw new IllegalArgumentException("cacheSize must not be negative: " + cacheSize);
        }
        this.connections = connections;
        this.sqlSchema = sqlSchema;
        this.serializer = serializer;
        this.cacheSize = cacheSize;
        this.sagas = cacheSize == 0
                ? null
                : Caffeine.newBuilder()
                        .maximumSize(cacheSize)
                        .<String, ReadAhead>build()
                        .asMap();
        this.associations = cacheSize == 0
                ? null
                : Caffeine.newBuilder()
                        .maximumSize(cacheSize)
                        .<List<String>, Set<String>>build()
                        .asMap();
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
        // Axon's locking load (LockingSagaSqlSchema) with the row version, and the saga's associations joined.
        this.loadWithVersion = "SELECT e." + s.serializedSagaColumn() + ", e." + s.sagaTypeColumn() + ", e."
                + s.revisionColumn() + ", e." + s.sagaIdColumn() + ", v." + s.associationKeyColumn() + ", v."
                + s.associationValueColumn() + ", e.xmin::text"
                + " FROM " + s.sagaEntryTable() + " e"
                + " LEFT JOIN " + s.associationValueEntryTable() + " v ON v." + s.sagaIdColumn() + " = e."
                + s.sagaIdColumn() + " AND v." + s.sagaTypeColumn() + " = ?"
                + " WHERE e." + s.sagaIdColumn() + " = ? FOR UPDATE OF e";
        // Axon's writes (GenericSagaSqlSchema.sql_storeSaga with sql_storeAssocValue per association, and
        // sql_updateSaga), returning the version they wrote; a new saga and its associations in one statement.
        this.insertReturningVersion = "WITH e AS (INSERT INTO " + s.sagaEntryTable() + "(" + s.sagaIdColumn() + ", "
                + s.revisionColumn() + ", " + s.sagaTypeColumn() + ", " + s.serializedSagaColumn()
                + ") VALUES(?,?,?,?) RETURNING xmin::text AS version), a AS (INSERT INTO "
                + s.associationValueEntryTable() + " (" + s.associationKeyColumn() + ", "
                + s.associationValueColumn() + ", " + s.sagaTypeColumn() + ", " + s.sagaIdColumn() + ")"
                + " SELECT u.k, u.v, ?, ? FROM unnest(?::text[], ?::text[]) AS u(k, v))"
                + " SELECT version FROM e";
        this.updateReturningVersion = "UPDATE " + s.sagaEntryTable() + " SET " + s.serializedSagaColumn() + " = ?, "
                + s.revisionColumn() + " = ? WHERE " + s.sagaIdColumn() + " = ? RETURNING xmin::text";
    }

    @Override
    public JoinedReadSagaStore withCache(int size) {
        return new JoinedReadSagaStore(connections, sqlSchema, serializer, size);
    }

    /** How many sagas it keeps across units of work; 0: none. */
    public int cacheSize() {
        return cacheSize;
    }

    @Override
    public Set<String> findSagas(Class<?> sagaType, AssociationValue associationValue) {
        Map<String, ReadAhead> kept = readAheadOfThisUnitOfWork();
        if (kept == null) {
            return super.findSagas(sagaType, associationValue);
        }
        String typeName = serializer.typeForClass(sagaType).getName();
        List<String> key = List.of(typeName, associationValue.getKey(), associationValue.getValue());
        if (associations != null) {
            Set<String> cached = associations.get(key);
            if (cached != null) {
                return new TreeSet<>(cached); // each load checks its saga's version (loadSaga)
            }
        }
        Map<String, ReadAhead> found = executeQuery(
                connection(),
                connection -> {
                    var statement = connection.prepareStatement(findAndLoad);
                    statement.setString(1, associationValue.getKey());
                    statement.setString(2, associationValue.getValue());
                    statement.setString(3, typeName);
                    return statement;
                },
                this::readAhead,
                e -> new SagaStorageException("Exception while reading saga entries", e));
        Set<String> ids = new TreeSet<>();
        found.forEach((id, saga) -> {
            ids.add(id);
            if (saga.state() != null) {
                kept.put(id, saga);
                remember(id, saga);
            }
        });
        if (associations != null && !ids.isEmpty()) {
            // Only sets that name a saga: "none yet" would hide a saga another node starts.
            associations.put(key, Set.copyOf(ids));
        }
        return ids;
    }

    @Override
    public <S> Entry<S> loadSaga(Class<S> sagaType, String sagaIdentifier) {
        Map<String, ReadAhead> kept = readAheadOfThisUnitOfWork();
        ReadAhead saga = kept == null ? null : kept.remove(sagaIdentifier);
        if (saga == null && sagas != null) {
            saga = sagas.get(sagaIdentifier);
        }
        if (saga != null && saga.version().equals(lockAndReadVersion(sagaIdentifier))) {
            // The row is locked and still the version read (or written) then: nobody changed the saga since.
            S loaded = serializer.deserialize(saga.state());
            return new Loaded<>(new HashSet<>(saga.associations()), loaded);
        }
        if (sagas == null) {
            return super.loadSaga(sagaType, sagaIdentifier);
        }
        return loadAndRemember(sagaType, sagaIdentifier);
    }

    @Override
    public void insertSaga(
            Class<?> sagaType, String sagaIdentifier, Object saga, Set<AssociationValue> associationValues) {
        if (sagas == null) {
            super.insertSaga(sagaType, sagaIdentifier, saga, associationValues);
            return;
        }
        SagaEntry<?> entry = new SagaEntry<>(saga, sagaIdentifier, serializer);
        String typeName = serializer.typeForClass(sagaType).getName();
        List<AssociationValue> values = List.copyOf(associationValues);
        String version = executeQuery(
                connection(),
                connection -> {
                    var statement = connection.prepareStatement(insertReturningVersion);
                    statement.setString(1, sagaIdentifier);
                    statement.setString(2, entry.getRevision());
                    statement.setString(3, entry.getSagaType());
                    statement.setBytes(4, entry.getSerializedSaga());
                    statement.setString(5, typeName);
                    statement.setString(6, sagaIdentifier);
                    statement.setArray(
                            7,
                            connection.createArrayOf(
                                    "text",
                                    values.stream()
                                            .map(AssociationValue::getKey)
                                            .toArray(String[]::new)));
                    statement.setArray(
                            8,
                            connection.createArrayOf(
                                    "text",
                                    values.stream()
                                            .map(AssociationValue::getValue)
                                            .toArray(String[]::new)));
                    return statement;
                },
                rows -> rows.next() ? rows.getString(1) : null,
                e -> new SagaStorageException("Exception occurred while attempting to store a Saga Entry", e));
        for (AssociationValue value : values) {
            associations.computeIfPresent(
                    List.of(typeName, value.getKey(), value.getValue()), (key, ids) -> with(ids, sagaIdentifier));
        }
        remember(sagaIdentifier, new ReadAhead(serialized(entry), version, Set.copyOf(associationValues)));
    }

    @Override
    public void updateSaga(Class<?> sagaType, String sagaIdentifier, Object saga, AssociationValues associationValues) {
        if (sagas == null) {
            super.updateSaga(sagaType, sagaIdentifier, saga, associationValues);
            return;
        }
        SagaEntry<?> entry = new SagaEntry<>(saga, sagaIdentifier, serializer);
        String version = executeQuery(
                connection(),
                connection -> {
                    var statement = connection.prepareStatement(updateReturningVersion);
                    statement.setBytes(1, entry.getSerializedSaga());
                    statement.setString(2, entry.getRevision());
                    statement.setString(3, sagaIdentifier);
                    return statement;
                },
                rows -> rows.next() ? rows.getString(1) : null,
                e -> new SagaStorageException("Exception occurred while attempting to update a saga", e));
        if (version == null) {
            // As Axon's store: no row to update (deleted meanwhile), so it is inserted.
            forget(sagaIdentifier);
            insertSaga(sagaType, sagaIdentifier, saga, associationValues.asSet());
            return;
        }
        String typeName = serializer.typeForClass(sagaType).getName();
        for (AssociationValue value : associationValues.addedAssociations()) {
            storeAssociation(value, typeName, sagaIdentifier);
            associations.computeIfPresent(
                    List.of(typeName, value.getKey(), value.getValue()), (key, ids) -> with(ids, sagaIdentifier));
        }
        for (AssociationValue value : associationValues.removedAssociations()) {
            executeUpdate(
                    connection(),
                    connection -> sqlSchema.sql_removeAssocValue(
                            connection, value.getKey(), value.getValue(), typeName, sagaIdentifier),
                    e -> new SagaStorageException("Exception occurred while attempting to update a saga", e));
            associations.remove(List.of(typeName, value.getKey(), value.getValue()));
        }
        remember(sagaIdentifier, new ReadAhead(serialized(entry), version, Set.copyOf(associationValues.asSet())));
    }

    @Override
    public void deleteSaga(Class<?> sagaType, String sagaIdentifier, Set<AssociationValue> associationValues) {
        if (sagas != null) {
            forget(sagaIdentifier);
            String typeName = serializer.typeForClass(sagaType).getName();
            associationValues.forEach(
                    value -> associations.remove(List.of(typeName, value.getKey(), value.getValue())));
        }
        super.deleteSaga(sagaType, sagaIdentifier, associationValues);
    }

    /**
     * Axon's locking load, with the row version and the associations in the same statement, remembered for the next
     * load. Null (and forgotten) when the saga is gone.
     */
    private <S> Entry<S> loadAndRemember(Class<S> sagaType, String sagaIdentifier) {
        Map<String, ReadAhead> read = executeQuery(
                connection(),
                connection -> {
                    var statement = connection.prepareStatement(loadWithVersion);
                    statement.setString(1, serializer.typeForClass(sagaType).getName());
                    statement.setString(2, sagaIdentifier);
                    return statement;
                },
                this::readAhead,
                e -> new SagaStorageException("Exception while loading saga " + sagaIdentifier, e));
        ReadAhead saga = read.get(sagaIdentifier);
        if (saga == null || saga.state() == null) {
            forget(sagaIdentifier);
            return null;
        }
        remember(sagaIdentifier, saga);
        S loaded = serializer.deserialize(saga.state());
        return new Loaded<>(new HashSet<>(saga.associations()), loaded);
    }

    private void storeAssociation(AssociationValue value, String typeName, String sagaIdentifier) {
        executeUpdate(
                connection(),
                connection -> sqlSchema.sql_storeAssocValue(
                        connection, value.getKey(), value.getValue(), typeName, sagaIdentifier),
                e -> new SagaStorageException("Exception occurred while attempting to store a saga's association", e));
    }

    /**
     * Keeps what a read or a write of this saga left, under the row version it read or wrote. A version written by a
     * transaction that rolls back never becomes the row's, so such an entry is never used (loadSaga compares).
     */
    private void remember(String sagaIdentifier, ReadAhead saga) {
        if (sagas != null) {
            sagas.put(sagaIdentifier, saga);
        }
    }

    private void forget(String sagaIdentifier) {
        if (sagas != null) {
            sagas.remove(sagaIdentifier);
            associations.values().removeIf(ids -> ids.contains(sagaIdentifier));
        }
    }

    private static Set<String> with(Set<String> ids, String id) {
        Set<String> more = new HashSet<>(ids);
        more.add(id);
        return Set.copyOf(more);
    }

    private static SerializedObject<byte[]> serialized(SagaEntry<?> entry) {
        return new SimpleSerializedObject<>(
                entry.getSerializedSaga(), byte[].class, entry.getSagaType(), entry.getRevision());
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
