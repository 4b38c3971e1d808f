package org.ledgerline.projections.rebuild;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.RowN;
import org.jooq.Table;
import org.jooq.TableRecord;
import org.jooq.UpdatableRecord;
import org.jooq.impl.DSL;
import org.ledgerline.projections.rebuild.RenderedStatements.Statement;

/**
 * The row writes of one batch, merged per row in memory and turned into a few multi-row statements.
 *
 * <p>Each row (table and primary key) keeps one pending change whose effect on whatever the table holds equals that
 * of the row's writes applied in order: first, if the row was deleted, it is deleted; then the columns updated while
 * the row was not known to exist ({@code UPDATE}, a no-op on a missing row); then, if the batch inserted the row, an
 * {@code INSERT} of the row as the batch left it, which on conflict sets only the columns the batch changed after its
 * insert (so a row that already existed is updated exactly as the single statements would have). An
 * {@code OrderPlaced} and an {@code OrderConfirmed} in one batch thus become one inserted row in state
 * {@code CONFIRMED}. Rows are independent of each other, so statements are grouped by table and shape, and run as:
 * deletes, updates ({@code UPDATE ... FROM}), inserts ({@code INSERT ... SELECT ... ON CONFLICT}), each row source
 * one typed array per column ({@code SELECT unnest(?), ...}), so a statement has a few binds whatever its rows.
 */
final class CoalescedRows {

    /** Rows per statement (the arrays have no bind limit; this bounds one statement's size). */
    private static final int MAX_ROWS = 5_000;

    private static final Name UNNEST = DSL.unquotedName("unnest");

    private final Map<Table<?>, Map<List<Object>, Pending>> tables = new LinkedHashMap<>();
    private int writes;

    boolean isEmpty() {
        return tables.isEmpty();
    }

    /** Writes received so far (before merging). */
    int writes() {
        return writes;
    }

    /** Rows pending (after merging). */
    int rows() {
        return tables.values().stream().mapToInt(Map::size).sum();
    }

    /** {@code INSERT ... ON CONFLICT DO NOTHING} of the record's changed fields. Takes the record over. */
    void insertIfAbsent(TableRecord<?> row) {
        writes++;
        Pending pending = pending(row);
        if (pending.insert == null) {
            pending.insert = row;
        }
        // else: the row exists after the earlier insert, so this one does nothing.
    }

    /** {@code UPDATE} of the record's changed non-key fields, on the row its primary key names. */
    void update(UpdatableRecord<?> changes) {
        writes++;
        Pending pending = pending(changes);
        List<Field<?>> changed = changedValues(changes);
        if (changed.isEmpty()) {
            return;
        }
        if (pending.insert != null) {
            for (Field<?> field : changed) {
                copy(changes, pending.insert, field);
                pending.onConflict.add(field);
            }
        } else if (!pending.delete) {
            if (pending.update == null) {
                pending.update = changes;
            } else {
                for (Field<?> field : changed) {
                    copy(changes, pending.update, field);
                }
            }
        }
        // else: deleted and not inserted again, so the update finds no row.
    }

    /** {@code DELETE} of the row the record's primary key names. */
    void delete(UpdatableRecord<?> key) {
        writes++;
        Pending pending = pending(key);
        pending.delete = true;
        pending.update = null;
        pending.insert = null;
        pending.onConflict.clear();
    }

    /** The statements that have the effect of all writes so far, in the order they must run. */
    List<Query> statements(DSLContext sql) {
        return plan(sql).stream().map(Statement::query).toList();
    }

    /**
     * The same statements, each with what {@link RenderedStatements} needs to run it from SQL rendered once: a
     * single-row statement carries its shape and its bind values in order, a multi-row one neither.
     */
    List<Statement> plan(DSLContext sql) {
        List<Statement> deletes = new ArrayList<>();
        List<Statement> updates = new ArrayList<>();
        List<Statement> inserts = new ArrayList<>();
        tables.forEach((table, rows) -> {
            List<Field<?>> key = key(table);
            List<List<Object>> deleted = new ArrayList<>();
            Map<List<Field<?>>, List<Record>> updated = new LinkedHashMap<>();
            Map<List<Object>, List<Record>> inserted = new LinkedHashMap<>();
            rows.forEach((id, pending) -> {
                if (pending.delete) {
                    deleted.add(id);
                }
                if (pending.update != null) {
                    updated.computeIfAbsent(changedValues(pending.update), s -> new ArrayList<>())
                            .add(pending.update);
                }
                if (pending.insert != null) {
                    List<Field<?>> columns = changed(pending.insert);
                    List<Field<?>> onConflict = new ArrayList<>(pending.onConflict);
                    inserted.computeIfAbsent(List.of(columns, onConflict), s -> new ArrayList<>())
                            .add(pending.insert);
                }
            });
            chunks(deleted)
                    .forEach(chunk -> deletes.add(Statement.of(
                            chunk, List.of("delete", table, key), id -> id, () -> delete(sql, table, key, chunk))));
            updated.forEach((columns, records) -> chunks(records)
                    .forEach(chunk -> updates.add(Statement.of(
                            chunk,
                            List.of("update", table, columns),
                            row -> values(row, columns, key),
                            () -> update(sql, table, key, columns, chunk)))));
            inserted.forEach((shape, records) -> {
                @SuppressWarnings("unchecked")
                List<Field<?>> columns = (List<Field<?>>) shape.get(0);
                @SuppressWarnings("unchecked")
                List<Field<?>> onConflict = (List<Field<?>>) shape.get(1);
                chunks(records)
                        .forEach(chunk -> inserts.add(Statement.of(
                                chunk,
                                List.of("insert", table, columns, onConflict),
                                row -> values(row, columns, List.of()),
                                () -> insert(sql, table, key, columns, onConflict, chunk))));
            });
        });
        List<Statement> all = new ArrayList<>(deletes.size() + updates.size() + inserts.size());
        all.addAll(deletes);
        all.addAll(updates);
        all.addAll(inserts);
        return all;
    }

    /** The record's values of {@code first}, then of {@code then}: a single-row statement's binds, in order. */
    private static List<Object> values(Record row, List<Field<?>> first, List<Field<?>> then) {
        List<Object> values = new ArrayList<>(first.size() + then.size());
        first.forEach(field -> values.add(row.get(field)));
        then.forEach(field -> values.add(row.get(field)));
        return values;
    }

    private Pending pending(Record row) {
        Table<?> table = table(row);
        List<Field<?>> key = key(table);
        Object[] id = new Object[key.size()];
        for (int i = 0; i < id.length; i++) {
            id[i] = row.get(key.get(i));
            if (id[i] == null) {
                throw new IllegalArgumentException("A write to " + table.getName() + " without its key "
                        + key.get(i).getName());
            }
        }
        return tables.computeIfAbsent(table, t -> new LinkedHashMap<>())
                .computeIfAbsent(Arrays.asList(id), i -> new Pending());
    }

    private static Table<?> table(Record row) {
        if (row instanceof TableRecord<?> tableRecord) {
            return tableRecord.getTable();
        }
        throw new IllegalArgumentException(
                "Not a table's record: " + row.getClass().getName());
    }

    private static List<Field<?>> key(Table<?> table) {
        if (table.getPrimaryKey() == null) {
            throw new IllegalArgumentException("Table " + table.getName() + " has no primary key to merge writes by");
        }
        return List.copyOf(table.getPrimaryKey().getFields());
    }

    private static List<Field<?>> changed(Record row) {
        List<Field<?>> changed = new ArrayList<>();
        for (Field<?> field : row.fields()) {
            if (row.changed(field)) {
                changed.add(field);
            }
        }
        return changed;
    }

    /** Changed fields other than the primary key. */
    private static List<Field<?>> changedValues(Record row) {
        List<Field<?>> key = key(table(row));
        List<Field<?>> changed = changed(row);
        changed.removeAll(key);
        return changed;
    }

    @SuppressWarnings("unchecked")
    private static void copy(Record from, Record to, Field<?> field) {
        to.set((Field<Object>) field, from.get(field));
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        int size = MAX_ROWS;
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += size) {
            chunks.add(all.subList(from, Math.min(all.size(), from + size)));
        }
        return chunks;
    }

    private static Condition keyIs(List<Field<?>> key, Record values) {
        List<Condition> conditions = new ArrayList<>(key.size());
        for (Field<?> field : key) {
            conditions.add(eq(field, values.get(field)));
        }
        return DSL.and(conditions);
    }

    @SuppressWarnings("unchecked")
    private static Condition eq(Field<?> field, Object value) {
        return ((Field<Object>) field).eq(value);
    }

    private static Query delete(DSLContext sql, Table<?> table, List<Field<?>> key, List<List<Object>> ids) {
        RowN[] rows = ids.stream().map(DSL::row).toArray(RowN[]::new);
        return sql.deleteFrom(table).where(DSL.row(key).in(rows));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Query update(
            DSLContext sql, Table<?> table, List<Field<?>> key, List<Field<?>> columns, List<Record> records) {
        if (records.size() == 1) {
            Record only = records.getFirst();
            Map<Field<?>, Object> set = new LinkedHashMap<>();
            columns.forEach(column -> set.put(column, only.get(column)));
            return sql.update(table).set(set).where(keyIs(key, only));
        }
        // UPDATE t SET c = u.c FROM (SELECT unnest(?) AS k, ..., unnest(?) AS c, ...) AS u WHERE t.k = u.k
        List<Field<?>> all = new ArrayList<>(key);
        all.addAll(columns);
        Table<?> batch = unnested(all, records);
        Map<Field<?>, Field<?>> set = new LinkedHashMap<>();
        columns.forEach(column -> set.put(column, batch.field(column.getName(), column.getDataType())));
        List<Condition> join = new ArrayList<>(key.size());
        for (Field<?> field : key) {
            join.add(((Field) field).eq(batch.field(field.getName(), field.getDataType())));
        }
        return sql.update(table).set(set).from(batch).where(DSL.and(join));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Query insert(
            DSLContext sql,
            Table<?> table,
            List<Field<?>> key,
            List<Field<?>> columns,
            List<Field<?>> onConflict,
            List<Record> records) {
        org.jooq.InsertOnDuplicateStep<?> insert;
        if (records.size() == 1) {
            List<Object> values = new ArrayList<>(columns.size());
            columns.forEach(column -> values.add(records.getFirst().get(column)));
            insert = sql.insertInto(table, columns).values(values);
        } else {
            // INSERT INTO t (c...) SELECT ... FROM (SELECT unnest(?), ...): an array per column, not a bind per value.
            Table<?> batch = unnested(columns, records);
            insert = sql.insertInto(table, columns)
                    .select((org.jooq.Select) DSL.select(batch.fields()).from(batch));
        }
        if (onConflict.isEmpty()) {
            return insert.onConflictDoNothing();
        }
        Map<Field<?>, Field<?>> set = new LinkedHashMap<>();
        onConflict.forEach(column -> set.put(column, DSL.excluded(column)));
        return insert.onConflict(key).doUpdate().set(set);
    }

    /**
     * The records' values as a table, one typed array per column: {@code (SELECT unnest(?) AS c, ...) AS coalesced}.
     * Set-returning functions in one select list advance together, so row i takes element i of every array.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Table<?> unnested(List<Field<?>> columns, List<Record> records) {
        List<Field<?>> arrays = new ArrayList<>(columns.size());
        for (Field<?> column : columns) {
            Object[] values = (Object[]) Array.newInstance(column.getType(), records.size());
            for (int r = 0; r < values.length; r++) {
                values[r] = records.get(r).get(column);
            }
            DataType arrayType = column.getDataType().getArrayDataType();
            arrays.add(DSL.function(UNNEST, column.getDataType(), DSL.val(values, arrayType))
                    .as(column.getName()));
        }
        return DSL.select(arrays).asTable("coalesced");
    }

    /** A row's merged writes: delete, then update, then insert (see the class comment). */
    private static final class Pending {
        boolean delete;
        Record update;
        Record insert;
        final Set<Field<?>> onConflict = new LinkedHashSet<>();
    }
}
