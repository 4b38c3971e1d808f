package org.ledgerline.projections.config;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands the positions of the read models' former processors (one per model, named like the model) to the shared
 * {@value ReadModelProcessor#NAME} processor, once, before the processors start: every segment of the shared
 * processor starts at the lowest position any former processor had reached, so no model skips an event (the few
 * events the others see again change nothing: projectors are idempotent). The former rows are then deleted. Nodes
 * starting together take turns (the token table is locked for the step); a node that finds the shared processor's
 * rows only deletes former rows left behind.
 */
@Component
class ReadModelTokenHandover implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(ReadModelTokenHandover.class);

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final TransactionTemplate transactions;

    ReadModelTokenHandover(JdbcTemplate jdbc, Serializer serializer, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.transactions = new TransactionTemplate(transactions);
    }

    @Override
    public void afterPropertiesSet() {
        transactions.executeWithoutResult(tx -> handOver());
    }

    private record Former(String processor, int segment, TrackingToken token) {}

    void handOver() {
        List<String> formers = ReadModelProcessor.GROUPS;
        String placeholders = String.join(",", formers.stream().map(f -> "?").toList());
        if (jdbc.queryForObject(
                        "SELECT count(*) FROM tokenentry WHERE processorname IN (" + placeholders + ")",
                        Long.class,
                        formers.toArray())
                == 0) {
            return;
        }
        // Other nodes wait here; Axon's claims (row updates) wait for the step too.
        jdbc.execute("LOCK TABLE tokenentry IN SHARE ROW EXCLUSIVE MODE");
        List<Former> rows = jdbc.query(
                "SELECT processorname, segment, token, tokentype FROM tokenentry WHERE processorname IN ("
                        + placeholders + ") ORDER BY processorname, segment",
                (rs, row) -> new Former(
                        rs.getString(1),
                        rs.getInt(2),
                        rs.getBytes(3) == null
                                ? null
                                : serializer.deserialize(new SimpleSerializedObject<>(
                                        rs.getBytes(3), byte[].class, rs.getString(4), null))),
                formers.toArray());
        if (rows.isEmpty()) {
            return;
        }
        boolean shared = jdbc.queryForObject(
                        "SELECT count(*) FROM tokenentry WHERE processorname = ?", Long.class, ReadModelProcessor.NAME)
                > 0;
        if (!shared) {
            TrackingToken lowest = lowest(rows);
            // The segment layout of the first former processor (they all had the same configured count).
            String first = rows.getFirst().processor();
            Set<Integer> segments = new TreeSet<>();
            rows.stream().filter(r -> r.processor().equals(first)).forEach(r -> segments.add(r.segment()));
            byte[] data = null;
            String type = null;
            if (lowest != null) {
                SerializedObject<byte[]> serialized = serializer.serialize(lowest, byte[].class);
                data = serialized.getData();
                type = serialized.getType().getName();
            }
            List<Object[]> inserts = new ArrayList<>();
            for (int segment : segments) {
                inserts.add(new Object[] {
                    ReadModelProcessor.NAME, segment, data, type, Instant.now().toString()
                });
            }
            jdbc.batchUpdate(
                    "INSERT INTO tokenentry (processorname, segment, token, tokentype, timestamp, owner) "
                            + "VALUES (?, ?, ?, ?, ?, NULL)",
                    inserts);
            log.info(
                    "Read-model processors {} handed over to {} at {} ({} segments)",
                    formers,
                    ReadModelProcessor.NAME,
                    lowest,
                    segments.size());
        }
        jdbc.update("DELETE FROM tokenentry WHERE processorname IN (" + placeholders + ")", formers.toArray());
    }

    /** The lowest position of all rows; null (from the first event) if any row has handled nothing yet. */
    static TrackingToken lowest(List<Former> rows) {
        TrackingToken lowest = null;
        for (Former row : rows) {
            if (row.token() == null) {
                return null;
            }
            TrackingToken position = WrappedToken.unwrapLowerBound(row.token());
            lowest = lowest == null ? position : lowest.lowerBound(position);
        }
        return lowest;
    }
}
