package org.ledgerline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.ledgerline.testsupport.PostgresEndpoint;
import org.ledgerline.testsupport.TestInfrastructure;

/**
 * Several replicas starting at once on an empty database (a Deployment's first rollout, {@code docker-compose up} of
 * two nodes) each run the platform's Flyway migrations at start, with no migration Job: Flyway takes a PostgreSQL
 * advisory lock around its work, so one replica migrates, the others wait for the lock, find the migrations applied
 * and go on (ADR 0020). Attacked here with four Flyway instances over every module's {@code db/migration} (the
 * platform's class path), released together against one fresh database of a real PostgreSQL.
 */
class ConcurrentMigrationIT {

    private static final int REPLICAS = 4;

    @Test
    void replicas_migrating_at_once_apply_each_migration_exactly_once_and_all_start() throws Exception {
        String url = TestInfrastructure.newDatabase("concurrent_migration");
        PostgresEndpoint server = TestInfrastructure.postgres();
        int available = flyway(url, server).info().pending().length;
        assertThat(available).as("the platform's migrations on the class path").isGreaterThan(10);

        CyclicBarrier together = new CyclicBarrier(REPLICAS);
        ExecutorService replicas = Executors.newFixedThreadPool(REPLICAS);
        List<Future<MigrateResult>> results = new ArrayList<>();
        try {
            for (int i = 0; i < REPLICAS; i++) {
                results.add(replicas.submit(() -> {
                    Flyway flyway = flyway(url, server);
                    together.await(1, TimeUnit.MINUTES);
                    return flyway.migrate();
                }));
            }
            int executed = 0;
            for (Future<MigrateResult> result : results) {
                MigrateResult migrated = result.get(3, TimeUnit.MINUTES);
                assertThat(migrated.success)
                        .as("every replica's migrate succeeds")
                        .isTrue();
                executed += migrated.migrationsExecuted;
            }
            assertThat(executed)
                    .as("migrations executed by all replicas together")
                    .isEqualTo(available);
        } finally {
            replicas.shutdownNow();
        }

        try (Connection connection = DriverManager.getConnection(url, server.username(), server.password());
                Statement statement = connection.createStatement();
                ResultSet history = statement.executeQuery("SELECT version, count(*), bool_and(success) "
                        + "FROM flyway_schema_history WHERE version IS NOT NULL GROUP BY version")) {
            int versions = 0;
            while (history.next()) {
                versions++;
                assertThat(history.getInt(2))
                        .as("version " + history.getString(1) + " applied once")
                        .isEqualTo(1);
                assertThat(history.getBoolean(3))
                        .as("version " + history.getString(1) + " succeeded")
                        .isTrue();
            }
            assertThat(versions).isEqualTo(available);
        }
        assertThat(flyway(url, server).info().pending())
                .as("nothing left for a later replica")
                .isEmpty();
    }

    /** Flyway as the platform configures it (spring.flyway.*: classpath:db/migration, out-of-order). */
    private static Flyway flyway(String url, PostgresEndpoint server) {
        return Flyway.configure()
                .dataSource(url, server.username(), server.password())
                .locations("classpath:db/migration")
                .outOfOrder(true)
                .load();
    }
}
