package org.ledgerline.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.ledgerline.kernel.Money;
import org.ledgerline.order.api.OrderConfirmed;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.order.api.OrderLine;
import org.ledgerline.order.api.OrderPlaced;
import org.ledgerline.order.api.ShippingAddress;
import org.ledgerline.projections.rebuild.BlueGreenRebuilds;
import org.ledgerline.projections.rebuild.RebuildStatus;
import org.postgresql.PGConnection;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 9, item 4: the orders read model built from the whole store. The store is seeded in bulk with real
 * OrderPlaced/OrderConfirmed pairs (copies of a pair the platform itself serialized, new ids per order), with every
 * processor stopped so nothing but the rebuild reads them. Ours: the blue/green rebuild. The peer: a token reset of
 * the live processor (a replay), as Axon offers it. The raw sequential read of the same table is the limit.
 */
final class RebuildWorkload {

    private static final String PLACEHOLDER = "@ORDER@";
    private static final int ORDERS_PER_STATEMENT = 25_000;

    private final Platform platform;
    private final Servers servers;

    RebuildWorkload(Platform platform, Servers servers) {
        this.platform = platform;
        this.servers = servers;
    }

    /** Seeds {@code events} events (rounded to pairs); returns the number of events now in the store. */
    long seed(int events) throws Exception {
        platform.stopAllProcessors();
        OrderId template = new OrderId(UUID.randomUUID());
        EventStore store = platform.bean(EventStore.class);
        new TransactionTemplate(platform.bean(PlatformTransactionManager.class)).executeWithoutResult(status -> {
            store.publish(new GenericDomainEventMessage<>(
                    "Order",
                    template.toString(),
                    0,
                    new OrderPlaced(
                            template,
                            UUID.randomUUID(),
                            List.of(new OrderLine(UUID.randomUUID(), "SKU-1", "Thing", 2, Money.of("5.00", "EUR"))),
                            Money.of("10.00", "EUR"),
                            new ShippingAddress("1 Main St", null, "Berlin", "10115", "DE"))));
            store.publish(
                    new GenericDomainEventMessage<>("Order", template.toString(), 1, new OrderConfirmed(template)));
        });
        try (Connection connection = servers.connect(platform.database)) {
            String[][] rows = new String[2][];
            byte[][] metadata = new byte[2][];
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT type, convert_from(payload, 'UTF8'), payloadrevision, payloadtype, timestamp, metadata "
                            + "FROM domainevententry WHERE aggregateidentifier = ? ORDER BY sequencenumber")) {
                select.setString(1, template.toString());
                ResultSet rs = select.executeQuery();
                for (int i = 0; i < 2; i++) {
                    rs.next();
                    rows[i] = new String[] {
                        rs.getString(1),
                        rs.getString(2).replace(template.toString(), PLACEHOLDER),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5)
                    };
                    metadata[i] = rs.getBytes(6);
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier,
                                                  metadata, payload, payloadrevision, payloadtype, timestamp)
                    SELECT o.id::text, e.seq, ?, gen_random_uuid()::text,
                           CASE e.seq WHEN 0 THEN ?::bytea ELSE ?::bytea END,
                           convert_to(replace(CASE e.seq WHEN 0 THEN ? ELSE ? END, ?, o.id::text), 'UTF8'),
                           CASE e.seq WHEN 0 THEN ? ELSE ? END, CASE e.seq WHEN 0 THEN ? ELSE ? END, ?
                    FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, ?) AS n) AS o
                    CROSS JOIN (VALUES (0), (1)) AS e(seq)
                    ORDER BY o.n, e.seq
                    """)) {
                int orders = Math.max(1, events / 2);
                for (int done = 0; done < orders; done += ORDERS_PER_STATEMENT) {
                    int p = 1;
                    insert.setString(p++, rows[0][0]);
                    insert.setBytes(p++, metadata[0]);
                    insert.setBytes(p++, metadata[1]);
                    insert.setString(p++, rows[0][1]);
                    insert.setString(p++, rows[1][1]);
                    insert.setString(p++, PLACEHOLDER);
                    insert.setString(p++, rows[0][2]);
                    insert.setString(p++, rows[1][2]);
                    insert.setString(p++, rows[0][3]);
                    insert.setString(p++, rows[1][3]);
                    insert.setString(p++, rows[1][4]);
                    insert.setInt(p, Math.min(ORDERS_PER_STATEMENT, orders - done));
                    insert.executeUpdate();
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("ANALYZE domainevententry");
                ResultSet count = statement.executeQuery("SELECT count(*) FROM domainevententry");
                count.next();
                return count.getLong(1);
            }
        }
    }

    /** The raw limit: every event row of the store streamed out in commit order, nothing parsed. */
    void sequentialRead(Results limits) throws Exception {
        try (Connection connection = servers.connect(platform.database)) {
            long start = System.nanoTime();
            long rows = connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyOut(
                            "COPY (SELECT globalindex, aggregateidentifier, sequencenumber, type, eventidentifier, metadata, "
                                    + "payload, payloadrevision, payloadtype, timestamp FROM domainevententry "
                                    + "ORDER BY globalindex) TO STDOUT",
                            java.io.OutputStream.nullOutputStream());
            double seconds = (System.nanoTime() - start) / 1e9;
            limits.add(Measure.rate(
                    "limit.read",
                    "Limit: sequential read of the event table " + "(COPY ... ORDER BY globalindex TO STDOUT)",
                    "events/s",
                    rows / seconds,
                    null,
                    "%,d rows in %.1f s".formatted(rows, seconds)));
        }
    }

    void blueGreen(Results results, long events) throws Exception {
        BlueGreenRebuilds rebuilds = platform.bean(BlueGreenRebuilds.class);
        long start = System.nanoTime();
        rebuilds.start("orders");
        long deadline = start + Duration.ofMinutes(20).toNanos();
        RebuildStatus status = rebuilds.status("orders").orElseThrow();
        while (!status.state().matches("DONE|FAILED") && System.nanoTime() < deadline) {
            Thread.sleep(100); // polling the rebuild's status
            status = rebuilds.status("orders").orElseThrow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!status.state().equals("DONE")) {
            throw new IllegalStateException("The rebuild ended " + status.state() + ": " + status.error());
        }
        results.add(Measure.rate(
                "rebuild",
                "Rebuild of the orders read model",
                "events/s",
                events / seconds,
                "limit.multi",
                "%,d events in %.1f s, blue/green (%,d handled)".formatted(events, seconds, status.processed())));
    }

    /** The peer's rebuild: a replay of the live processor, rated on how far it got within {@code limit}. */
    void replay(Results results, long events, Duration limit) throws Exception {
        StreamingEventProcessor live = platform.bean(EventProcessingConfiguration.class)
                .eventProcessorByProcessingGroup("orders", StreamingEventProcessor.class)
                .orElseThrow();
        EventStore store = platform.bean(EventStore.class);
        TrackingToken head = store.createHeadToken();
        long start = System.nanoTime();
        live.resetTokens();
        live.start();
        long deadline = start + limit.toNanos();
        boolean done = false;
        while (!done && System.nanoTime() < deadline) {
            Thread.sleep(100); // polling the processor's position
            done = caughtUp(live, head);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long replayed = done ? events : position(live);
        live.shutDown();
        if (replayed <= 0) {
            throw new IllegalStateException("The replay made no progress in " + limit);
        }
        results.add(Measure.rate(
                "rebuild",
                "Rebuild of the orders read model",
                "events/s",
                replayed / seconds,
                "limit.multi",
                "%,d of %,d events in %.1f s by a token reset of the live processor%s"
                        .formatted(
                                replayed,
                                events,
                                seconds,
                                done ? "" : " (stopped at the time " + "bound; rate over the part replayed)")));
    }

    /** How far the slowest segment got: the store's global index, about one per event. */
    private static long position(StreamingEventProcessor processor) {
        return processor.processingStatus().values().stream()
                .mapToLong(s -> s.getTrackingToken() == null
                        ? 0
                        : s.getTrackingToken().position().orElse(0))
                .min()
                .orElse(0);
    }

    private static boolean caughtUp(StreamingEventProcessor processor, TrackingToken head) {
        return !processor.processingStatus().isEmpty()
                && processor.processingStatus().values().stream()
                        .allMatch(s -> s.getTrackingToken() != null
                                && s.getTrackingToken().covers(head)
                                && !s.isReplaying());
    }
}
