package org.ledgerline.projections.rebuild;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.springframework.stereotype.Component;

/**
 * Where projectors send their writes. Live, each runs at once. During a rebuild the whole batch of the shadow
 * processor is collected in order and sent to PostgreSQL as one JDBC batch before the batch commits: one round trip
 * instead of one per row, with the statements' order (and so the result) unchanged.
 */
@Component
public class ReadModelWrites {

    private static final ThreadLocal<List<Query>> BUFFER = new ThreadLocal<>();

    private final DSLContext sql;

    ReadModelWrites(DSLContext sql) {
        this.sql = sql;
    }

    public void execute(Query query) {
        List<Query> buffer = BUFFER.get();
        if (buffer != null) {
            buffer.add(query);
        } else {
            query.execute();
        }
    }

    /** Collects this unit of work's writes and flushes them as one batch when it is about to commit. */
    void bufferUntilCommit(UnitOfWork<?> root) {
        if (BUFFER.get() != null) {
            return;
        }
        List<Query> buffer = new ArrayList<>();
        BUFFER.set(buffer);
        root.onPrepareCommit(u -> {
            BUFFER.remove();
            if (!buffer.isEmpty()) {
                sql.batch(buffer).execute();
            }
        });
        root.onCleanup(u -> BUFFER.remove());
    }
}
