package org.ledgerline.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ledgerline.eventstore.CommitOrderTrackingToken;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A store whose rows are ahead of its cluster's transaction ids (what a pg_dump restored into a new cluster looks
 * like) gets its commit-order offset raised once, and then reads and appends in commit order as on the cluster that
 * wrote it: tokens from before stay valid and new events come after every restored one. The whole platform on a real
 * dump and restore: {@code RestoreIntoNewClusterIT} (infra/platform).
 */
@LedgerlineIntegrationTest
class CommitOrderOffsetIT {

    /** How far ahead the "restored" rows are: as if written on a cluster 50 million transactions older. */
    private static final long AHEAD = 50_000_000L;

    @Autowired
    EventStorageEngine storageEngine;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    JdbcTemplate jdbc;

    private final CommitOrderOffset offset =
            new CommitOrderOffset(OpenTelemetry.noop().getTracer("test"), new SimpleMeterRegistry());
    private CommitOrderedJdbcEventStorageEngine engine;

    @BeforeEach
    void engine() {
        engine = (CommitOrderedJdbcEventStorageEngine) storageEngine;
    }

    @Test
    void a_restored_store_is_detected_once_and_new_events_follow_the_restored_ones_after_old_tokens() throws Exception {
        List<String> restored = List.of(append(), append(), append());
        simulateRestoreIntoYoungerCluster();
        TrackingToken beforeDump = newestToken();
        assertThat(((CommitOrderTrackingToken) beforeDump).transactionId()).isGreaterThan(AHEAD);

        CommitOrderOffset.Result first = check();
        assertThat(first.raised()).isTrue();
        assertThat(first.offset()).isGreaterThan(first.previousOffset());
        assertThat(jdbc.queryForObject("SELECT " + EventHorizon.SQL, Long.class))
                .as("every restored row is final")
                .isGreaterThan(first.newestId());
        assertThat(check().raised()).as("the second check finds nothing to do").isFalse();
        assertThat(check().offset()).isEqualTo(first.offset());

        String fresh = append();
        assertThat(readAfter(beforeDump))
                .as("a token from before the dump reads the new event")
                .containsExactly(fresh);
        List<String> all = new ArrayList<>(restored);
        all.add(fresh);
        assertThat(readAfter(CommitOrderTrackingToken.TAIL)).endsWith(all.toArray(String[]::new));
        assertThat(engine.createHeadToken().covers(beforeDump)).isTrue();
    }

    @Test
    void nodes_starting_together_raise_the_offset_exactly_once() throws Exception {
        append();
        simulateRestoreIntoYoungerCluster();
        int nodes = 4;
        CyclicBarrier together = new CyclicBarrier(nodes);
        DataSource dataSource = jdbc.getDataSource();
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            List<Future<CommitOrderOffset.Result>> results = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                results.add(pool.submit(() -> {
                    try (Connection connection = dataSource.getConnection()) {
                        together.await(30, TimeUnit.SECONDS);
                        return offset.check(connection);
                    }
                }));
            }
            List<CommitOrderOffset.Result> seen = new ArrayList<>();
            for (Future<CommitOrderOffset.Result> result : results) {
                seen.add(result.get(60, TimeUnit.SECONDS));
            }
            assertThat(seen).filteredOn(CommitOrderOffset.Result::raised).hasSize(1);
            assertThat(seen).extracting(CommitOrderOffset.Result::offset).containsOnly(currentOffset());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_repaired_store_restored_again_is_repaired_again_and_one_restored_into_a_cluster_ahead_keeps_its_offset()
            throws Exception {
        append();
        simulateRestoreIntoYoungerCluster();
        long firstOffset = check().offset();
        String afterFirst = append();

        // The repaired store (offset table included) dumped and restored into another young cluster.
        simulateRestoreIntoYoungerCluster();
        TrackingToken beforeSecondDump = newestToken();
        CommitOrderOffset.Result second = check();
        assertThat(second.raised()).isTrue();
        assertThat(second.offset()).isGreaterThan(firstOffset);
        String afterSecond = append();
        assertThat(readAfter(beforeSecondDump)).containsExactly(afterSecond);

        // Dumped again and restored into a cluster whose counter is far ahead of every stored id: nothing to do, and
        // the offset stays (it never needs to go down: new ids are only larger).
        // Relative to such a cluster's counter the stored ids sit lower: shifted down, every one still positive.
        jdbc.update("UPDATE domainevententry SET tx_id = tx_id - (SELECT min(tx_id) - 1 FROM domainevententry)");
        TrackingToken beforeThirdDump = newestToken();
        CommitOrderOffset.Result third = check();
        assertThat(third.raised()).isFalse();
        assertThat(third.offset()).isEqualTo(second.offset());
        String afterThird = append();
        assertThat(readAfter(beforeThirdDump)).containsExactly(afterThird);
        assertThat(readAfter(CommitOrderTrackingToken.TAIL)).contains(afterFirst, afterSecond, afterThird);
    }

    @Test
    void a_store_on_the_cluster_that_wrote_it_is_left_alone() throws Exception {
        long before = currentOffset();
        append();
        assertThat(check().raised()).isFalse();
        assertThat(currentOffset()).isEqualTo(before);
    }

    /** Rows written on a cluster whose transaction counter was {@link #AHEAD} further: what pg_restore brings. */
    private void simulateRestoreIntoYoungerCluster() {
        jdbc.update("UPDATE domainevententry SET tx_id = tx_id + ?", AHEAD + currentOffset());
    }

    /** A processor's token stored before the dump: at the newest stored event. */
    private TrackingToken newestToken() {
        return jdbc.queryForObject(
                "SELECT tx_id, globalindex FROM domainevententry ORDER BY tx_id DESC, globalindex DESC LIMIT 1",
                (rs, row) -> new CommitOrderTrackingToken(rs.getLong(1), rs.getLong(2)));
    }

    private long currentOffset() {
        return jdbc.queryForObject("SELECT tx_id_offset FROM event_store_commit_order", Long.class);
    }

    private CommitOrderOffset.Result check() throws Exception {
        try (Connection connection = jdbc.getDataSource().getConnection()) {
            return offset.check(connection);
        }
    }

    private String append() {
        String aggregateId = "restore-" + UUID.randomUUID();
        var event = new GenericDomainEventMessage<>("Probe", aggregateId, 0L, new Probe(aggregateId));
        new TransactionTemplate(transactions).executeWithoutResult(status -> storageEngine.appendEvents(event));
        return event.getIdentifier();
    }

    private List<String> readAfter(TrackingToken token) {
        return engine.fetchFinalEvents(token, 1000).events().stream()
                .map(TrackedEventMessage::getIdentifier)
                .toList();
    }

    record Probe(String id) {}
}
