package org.ledgerline.product.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ledgerline.eventstore.jdbc.CrossNodeWakeUp;
import org.ledgerline.kernel.Money;
import org.ledgerline.product.ProductTestApplication;
import org.ledgerline.product.api.CreateProduct;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.product.api.ReserveStock;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.ledgerline.testsupport.SecondNode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two nodes on one database, four threads each, reserving stock of one product with no retry: every command succeeds,
 * because a node that sees another takes each aggregate's lock in PostgreSQL too and waits for the other node's
 * transaction instead of losing the race for the stream's next sequence number (without the database lock, some of
 * these commands fail with a {@code ConcurrencyException}).
 */
@LedgerlineIntegrationTest
class TwoNodeAggregateLockIT {

    private static final int THREADS_PER_NODE = 4;
    private static final int COMMANDS_PER_THREAD = 25;

    @Autowired
    CommandGateway commands;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CrossNodeWakeUp wakeUp;

    @Autowired
    Environment environment;

    private ConfigurableApplicationContext nodeB;

    @BeforeEach
    void startNodeB() {
        nodeB = new SpringApplicationBuilder(ProductTestApplication.class)
                .run(SecondNode.onDatabaseOf(environment, "--ledgerline.node-id=node-b"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> wakeUp.peers() >= 1
                        && nodeB.getBean(CrossNodeWakeUp.class).peers() >= 1);
    }

    @AfterEach
    void stopNodeB() {
        nodeB.close();
    }

    @Test
    void commands_of_two_nodes_on_one_aggregate_wait_for_each_other_instead_of_failing() throws Exception {
        ProductId product = new ProductId(UUID.randomUUID());
        commands.sendAndWait(
                new CreateProduct(product, "TWO-NODES-" + product, "Shared", Money.of("1.00", "EUR"), 1_000_000));
        CommandGateway commandsB = nodeB.getBean(CommandGateway.class);
        AtomicInteger conflicts = new AtomicInteger();
        AtomicInteger reserved = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_NODE);
        try {
            List<Future<?>> threads = new ArrayList<>();
            for (int t = 0; t < 2 * THREADS_PER_NODE; t++) {
                CommandGateway gateway = t % 2 == 0 ? commands : commandsB;
                threads.add(pool.submit(() -> {
                    for (int i = 0; i < COMMANDS_PER_THREAD; i++) {
                        try {
                            gateway.sendAndWait(new ReserveStock(product, UUID.randomUUID(), 1));
                            reserved.incrementAndGet();
                        } catch (ConcurrencyException e) {
                            conflicts.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> thread : threads) {
                thread.get();
            }
        } finally {
            pool.shutdownNow();
        }

        int sent = 2 * THREADS_PER_NODE * COMMANDS_PER_THREAD;
        assertThat(conflicts.get())
                .as("commands that lost the race to the other node")
                .isZero();
        assertThat(reserved.get()).isEqualTo(sent);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ? "
                                + "AND payloadtype = 'product.StockReserved'",
                        Integer.class,
                        product.toString()))
                .isEqualTo(sent);
    }
}
