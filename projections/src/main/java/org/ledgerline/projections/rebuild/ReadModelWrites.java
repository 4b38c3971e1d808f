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
 * Where projectors send their writes. A batch's writes are held until it is about to commit: row writes
 * ({@link #insertIfAbsent}, {@link #update}, {@link #delete}) are merged per row in memory ({@link CoalescedRows}) and
 * sent as a few multi-row statements, other statements ({@link #execute}) as one JDBC batch. Both keep the order the
 * projector wrote in where it matters: a statement of the one kind first sends everything pending of the other kind.
 * Single-row statements run from SQL that jOOQ rendered once per shape ({@link RenderedStatements}).
 *
 * <p>A blue/green rebuild always holds its batches ({@link #bufferUntilCommit}). The live processor does too
 * ({@link #bufferLiveUntilCommit}, ADR 0025): the writes go out in the batch's transaction before its token, so a
 * reader that sees the token ({@code X-Ledgerline-Min-Position}) sees them. A write PostgreSQL refuses then fails the
 * whole batch at commit, where no single event is to blame; the batch rolls back, and this thread runs its next batch
 * (the same events again) write by write, so the poison event's handler fails on its own and is dead-lettered for
 * its model only, as before; the batch after that is merged again.
 */
@Component
public class ReadModelWrites {

    private static final ThreadLocal<Buffer> BUFFER = new ThreadLocal<>();
    /** Set on a thread whose last merged batch failed at commit: its next batch runs write by write. */
    private static final ThreadLocal<Boolean> NEXT_WRITE_BY_WRITE = new ThreadLocal<>();

    private static final String LIVE = ReadModelWrites.class.getName() + ".live";

    private final DSLContext sql;
    private final RenderedStatements rendered = new RenderedStatements();
    private final Counter received;
    private final Counter written;
    private final Counter liveReceived;
    private final Counter liveWritten;
    private final Counter writeByWrite;

    ReadModelWrites(DSLContext sql, ObjectProvider<MeterRegistry> meters) {
        this.sql = sql;
        MeterRegistry registry = meters.getIfAvailable(() -> Metrics.globalRegistry);
        this.received = Counter.builder("ledgerline.rebuild.row.writes")
                .description("Row writes projectors made during rebuilds, before merging")
                .register(registry);
        this.written = Counter.builder("ledgerline.rebuild.rows.written")
                .description("Rows rebuilds sent to PostgreSQL after merging a batch's writes per row")
                .register(registry);
        this.liveReceived = Counter.builder("ledgerline.projections.row.writes")
                .description("Row writes projectors made in live batches, before merging")
                .register(registry);
        this.liveWritten = Counter.builder("ledgerline.projections.rows.written")
                .description("Rows live batches sent to PostgreSQL after merging a batch's writes per row")
                .register(registry);
        this.writeByWrite = Counter.builder("ledgerline.projections.batches.write.by.write")
                .description("Live batches run again write by write because their merged writes failed at commit")
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
        // Write by write: the same merging, of this one call, run at once.
        Buffer now = new Buffer(received, written);
        write.accept(now);
        now.rows.plan(sql).forEach(statement -> rendered.execute(sql, statement));
    }

    /** Statement shapes whose SQL jOOQ rendered once and live writes now reuse. */
    int renderedShapes() {
        return rendered.renderedShapes();
    }

    /** Collects this unit of work's writes and sends them when it is about to commit (a rebuild's batch). */
    void bufferUntilCommit(UnitOfWork<?> root) {
        if (BUFFER.get() != null) {
            return;
        }
        Buffer buffer = new Buffer(received, written);
        BUFFER.set(buffer);
        root.onPrepareCommit(u -> {
            BUFFER.remove();
            buffer.flushRows();
            buffer.flushQueries();
        });
        root.onCleanup(u -> BUFFER.remove());
    }

    /**
     * The live processor's batch: its writes are collected and sent when it is about to commit, unless the thread's
     * previous merged batch failed at commit, in which case this one runs write by write (see the class comment).
     * Called for every event; the first call of a batch decides.
     */
    public void bufferLiveUntilCommit(UnitOfWork<?> root) {
        root.getOrComputeResource(LIVE, key -> {
            if (Boolean.TRUE.equals(NEXT_WRITE_BY_WRITE.get())) {
                NEXT_WRITE_BY_WRITE.remove();
                writeByWrite.increment();
                return Boolean.FALSE;
            }
            if (BUFFER.get() != null) {
                return Boolean.FALSE;
            }
            Buffer buffer = new Buffer(liveReceived, liveWritten);
            BUFFER.set(buffer);
            root.onPrepareCommit(u -> {
                BUFFER.remove();
                try {
                    buffer.flushRows();
                    buffer.flushQueries();
                } catch (RuntimeException e) {
                    NEXT_WRITE_BY_WRITE.set(Boolean.TRUE);
                    throw e;
                }
            });
            root.onCleanup(u -> BUFFER.remove());
            return Boolean.TRUE;
        });
    }

    private final class Buffer {
        private final Counter received;
        private final Counter written;
        CoalescedRows rows = new CoalescedRows();
        final List<Query> queries = new ArrayList<>();

        Buffer(Counter received, Counter written) {
            this.received = received;
            this.written = written;
        }

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
