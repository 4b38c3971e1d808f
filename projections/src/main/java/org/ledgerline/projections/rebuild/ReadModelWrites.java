package org.ledgerline.projections.rebuild;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.TableRecord;
import org.jooq.UpdatableRecord;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Where projectors send their writes. Live, each runs at once (an event whose write fails is dead-lettered on its
 * own). During a rebuild nothing reads the shadow tables before the swap, so a whole batch of the shadow processor is
 * held until it is about to commit: row writes ({@link #insertIfAbsent}, {@link #update}, {@link #delete}) are merged
 * per row in memory ({@link CoalescedRows}) and sent as a few multi-row statements, other statements
 * ({@link #execute}) as one JDBC batch. Both keep the order the projector wrote in where it matters: a statement of
 * the one kind first sends everything pending of the other kind. Single-row statements run from SQL that jOOQ
 * rendered once per shape ({@link RenderedStatements}).
 */
@Component
public class ReadModelWrites {

    private static final ThreadLocal<Buffer> BUFFER = new ThreadLocal<>();

    private final DSLContext sql;
    private final RenderedStatements rendered = new RenderedStatements();
    private final Counter received;
    private final Counter written;

    ReadModelWrites(DSLContext sql, ObjectProvider<MeterRegistry> meters) {
        this.sql = sql;
        MeterRegistry registry = meters.getIfAvailable(() -> Metrics.globalRegistry);
        this.received = Counter.builder("ledgerline.rebuild.row.writes")
                .description("Row writes projectors made during rebuilds, before merging")
                .register(registry);
        this.written = Counter.builder("ledgerline.rebuild.rows.written")
                .description("Rows rebuilds sent to PostgreSQL after merging a batch's writes per row")
                .register(registry);
    }

    /** Any statement; a rebuild sends it with the batch's other statements, in order. */
    public void execute(Query query) {
        Buffer buffer = BUFFER.get();
        if (buffer == null) {
            query.execute();
            return;
        }
        buffer.flushRows();
        buffer.queries.add(query);
    }

    /** Inserts the records' changed fields unless a row with the key exists. A rebuild takes the records over. */
    public void insertIfAbsent(Collection<? extends TableRecord<?>> rows) {
        rows(buffer -> rows.forEach(buffer.rows::insertIfAbsent));
    }

    /** Inserts the record's changed fields unless a row with its key exists. A rebuild takes the record over. */
    public void insertIfAbsent(TableRecord<?> row) {
        rows(buffer -> buffer.rows.insertIfAbsent(row));
    }

    /** Sets the record's changed fields on the row its primary key names, if there is one. */
    public void update(UpdatableRecord<?> changes) {
        rows(buffer -> buffer.rows.update(changes));
    }

    /** Deletes the row the record's primary key names, if there is one. */
    public void delete(UpdatableRecord<?> key) {
        rows(buffer -> buffer.rows.delete(key));
    }

    private void rows(Consumer<Buffer> write) {
        Buffer buffer = BUFFER.get();
        if (buffer != null) {
            buffer.flushQueries();
            write.accept(buffer);
            return;
        }
        // Live: the same merging, of this one call, run at once.
        Buffer now = new Buffer();
        write.accept(now);
        now.rows.plan(sql).forEach(statement -> rendered.execute(sql, statement));
    }

    /** Statement shapes whose SQL jOOQ rendered once and live writes now reuse. */
    int renderedShapes() {
        return rendered.renderedShapes();
    }

    /** Collects this unit of work's writes and sends them when it is about to commit. */
    void bufferUntilCommit(UnitOfWork<?> root) {
        if (BUFFER.get() != null) {
            return;
        }
        Buffer buffer = new Buffer();
        BUFFER.set(buffer);
        root.onPrepareCommit(u -> {
            BUFFER.remove();
            buffer.flushRows();
            buffer.flushQueries();
        });
        root.onCleanup(u -> BUFFER.remove());
    }

    private final class Buffer {
        CoalescedRows rows = new CoalescedRows();
        final List<Query> queries = new ArrayList<>();

        void flushRows() {
            if (rows.isEmpty()) {
                return;
            }
            received.increment(rows.writes());
            written.increment(rows.rows());
            List<RenderedStatements.Statement> statements = rows.plan(sql);
            rows = new CoalescedRows();
            statements.forEach(statement -> rendered.execute(sql, statement));
        }

        void flushQueries() {
            if (queries.isEmpty()) {
                return;
            }
            List<Query> batch = List.copyOf(queries);
            queries.clear();
            if (batch.size() == 1) {
                batch.getFirst().execute();
            } else {
                sql.batch(batch).execute();
            }
        }
    }
}
