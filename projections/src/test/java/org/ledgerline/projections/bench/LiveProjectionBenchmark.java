package org.ledgerline.projections.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.ledgerline.kernel.Money;
import org.ledgerline.order.api.OrderConfirmed;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.order.api.OrderLine;
import org.ledgerline.order.api.OrderPlaced;
import org.ledgerline.order.api.ShippingAddress;
import org.ledgerline.product.api.ProductCreated;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.product.api.StockReservationCommitted;
import org.ledgerline.product.api.StockReserved;
import org.ledgerline.projections.progress.ProjectionProgress;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.ledgerline.user.api.AccountCharged;
import org.ledgerline.user.api.AccountId;
import org.ledgerline.user.api.AccountOpened;
import org.ledgerline.user.api.MoneyDeposited;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the live read-model processors cost per event, counted on their own threads ({@code EventProcessor[...]}):
 * JVM CPU time, JDBC statements (a batch counts its entries) and round trips, and commits. Each "journey" is 8
 * events over the three read models, as an order's saga leaves them (product created, account opened and funded,
 * order placed, stock reserved, order confirmed, account charged, reservation committed). Two shapes: live trickle
 * (one journey per transaction, the processors caught up after each, so batches are small) and catch-up (the
 * processors stopped while {@code bench.catchup} journeys are stored, then started). Not part of {@code bin/test}:
 * {@code ./mvnw -pl projections -am verify -Dtest=LiveProjectionBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@LedgerlineIntegrationTest
class LiveProjectionBenchmark {

    private static final String PROCESSOR_THREAD = "EventProcessor[";
    private static final int EVENTS_PER_JOURNEY = 8;

    static final AtomicLong STATEMENTS = new AtomicLong();
    static final AtomicLong ROUND_TRIPS = new AtomicLong();
    static final AtomicLong COMMITS = new AtomicLong();

    @Autowired
    EventStore eventStore;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    ProjectionProgress progress;

    @Test
    void cost_per_event_of_the_live_projections() throws Exception {
        int trickle = Integer.getInteger("bench.trickle", 200);
        int catchUp = Integer.getInteger("bench.catchup", 500);
        // Warm-up: JIT, statement shapes, pools.
        for (int i = 0; i < 50; i++) {
            awaitProcessors(journey());
        }

        Snapshot start = Snapshot.now();
        for (int i = 0; i < trickle; i++) {
            awaitProcessors(journey());
        }
        report("live trickle (1 journey per transaction)", start, Snapshot.now(), trickle * EVENTS_PER_JOURNEY);

        List<StreamingEventProcessor> processors = processors();
        processors.forEach(StreamingEventProcessor::shutDown);
        long last = 0;
        for (int i = 0; i < catchUp; i++) {
            last = journey();
        }
        Snapshot before = Snapshot.now();
        processors.forEach(StreamingEventProcessor::start);
        awaitProcessors(last);
        report(
                "catch-up (" + catchUp + " journeys stored while stopped)",
                before,
                Snapshot.now(),
                catchUp * EVENTS_PER_JOURNEY);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM orders WHERE status = 'CONFIRMED'", Integer.class))
                .isEqualTo(50 + trickle + catchUp);
    }

    private List<StreamingEventProcessor> processors() {
        List<StreamingEventProcessor> all = new ArrayList<>();
        for (String name : processing.eventProcessors().keySet()) {
            processing.eventProcessor(name, StreamingEventProcessor.class).ifPresent(all::add);
        }
        return all;
    }

    private void awaitProcessors(long position) throws InterruptedException {
        for (StreamingEventProcessor processor : processors()) {
            assertThat(progress.await(processor.getName(), position, Duration.ofMinutes(15)))
                    .as(processor.getName())
                    .isTrue();
        }
    }

    /** One order's events over the three models, in one transaction; returns the last one's position. */
    private long journey() {
        ProductId product = new ProductId(UUID.randomUUID());
        OrderId order = new OrderId(UUID.randomUUID());
        UUID holder = UUID.randomUUID();
        AccountId account = new AccountId(holder);
        String accountAggregate = "account-" + holder;
        Money price = Money.of("12.50", "EUR");
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            publish(
                    "Product",
                    product.toString(),
                    0,
                    new ProductCreated(product, "SKU-" + UUID.randomUUID(), "Mug", price, 10));
            publish("Account", accountAggregate, 0, new AccountOpened(account, Currency.getInstance("EUR")));
            publish(
                    "Account",
                    accountAggregate,
                    1,
                    new MoneyDeposited(account, Money.of("50.00", "EUR"), Money.of("50.00", "EUR")));
            publish(
                    "Order",
                    order.toString(),
                    0,
                    new OrderPlaced(
                            order,
                            holder,
                            new ArrayList<>(List.of(new OrderLine(product.value(), "MUG", "Mug", 1, price))),
                            price,
                            new ShippingAddress("1 Main St", null, "Berlin", "10115", "DE")));
            publish("Product", product.toString(), 1, new StockReserved(product, order.value(), 1, 9));
            publish("Order", order.toString(), 1, new OrderConfirmed(order));
            publish(
                    "Account",
                    accountAggregate,
                    2,
                    new AccountCharged(account, order.value(), price, Money.of("37.50", "EUR")));
            publish("Product", product.toString(), 2, new StockReservationCommitted(product, order.value(), 1));
        });
        return jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
    }

    private void publish(String type, String aggregate, long sequence, Object payload) {
        eventStore.publish(new GenericDomainEventMessage<>(type, aggregate, sequence, payload));
    }

    private static void report(String shape, Snapshot from, Snapshot to, int events) {
        System.out.printf(
                "LIVE-PROJECTIONS %s: %d events, processor threads: CPU %.3f ms/event, %.2f statements/event, "
                        + "%.2f round trips/event, %.3f commits/event%n",
                shape,
                events,
                (to.cpuNanos - from.cpuNanos) / 1e6 / events,
                (to.statements - from.statements) / (double) events,
                (to.roundTrips - from.roundTrips) / (double) events,
                (to.commits - from.commits) / (double) events);
    }

    /** CPU of the processor threads alive now (a thread's time counts from its start), and the counters. */
    private record Snapshot(long cpuNanos, long statements, long roundTrips, long commits) {

        static final Map<Long, Long> SEEN = new HashMap<>();

        static Snapshot now() {
            var threads = ManagementFactory.getThreadMXBean();
            long cpu = 0;
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.getName().startsWith(PROCESSOR_THREAD)) {
                    long time = threads.getThreadCpuTime(thread.threadId());
                    if (time > 0) {
                        SEEN.put(thread.threadId(), time);
                    }
                }
            }
            // Threads that ended keep the time they had when last seen.
            for (long time : SEEN.values()) {
                cpu += time;
            }
            return new Snapshot(cpu, STATEMENTS.get(), ROUND_TRIPS.get(), COMMITS.get());
        }
    }

    /** Counts what the processor threads send through the data source. */
    @TestConfiguration
    static class Counting {

        @Bean
        static BeanPostProcessor countingDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (bean instanceof DataSource dataSource && name.equals("dataSource")) {
                        return new DelegatingDataSource(dataSource) {
                            @Override
                            public Connection getConnection() throws SQLException {
                                return counted(super.getConnection());
                            }
                        };
                    }
                    return bean;
                }
            };
        }

        private static final Set<String> STATEMENT_FACTORIES =
                Set.of("createStatement", "prepareStatement", "prepareCall");

        static Connection counted(Connection connection) {
            InvocationHandler handler = (proxy, method, args) -> {
                if (method.getName().equals("commit") && processorThread()) {
                    COMMITS.incrementAndGet();
                }
                Object result = invoke(connection, method, args);
                if (STATEMENT_FACTORIES.contains(method.getName()) && result instanceof Statement statement) {
                    return counted(statement, method.getReturnType());
                }
                return result;
            };
            return (Connection) Proxy.newProxyInstance(
                    Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
        }

        static Object counted(Statement statement, Class<?> type) {
            long[] pending = new long[1];
            InvocationHandler handler = (proxy, method, args) -> {
                String name = method.getName();
                if (processorThread()) {
                    if (name.equals("addBatch")) {
                        pending[0]++;
                    } else if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
                        STATEMENTS.addAndGet(pending[0]);
                        ROUND_TRIPS.incrementAndGet();
                        pending[0] = 0;
                    } else if (name.startsWith("execute")) {
                        STATEMENTS.incrementAndGet();
                        ROUND_TRIPS.incrementAndGet();
                    }
                }
                return invoke(statement, method, args);
            };
            return Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {type}, handler);
        }

        private static boolean processorThread() {
            return Thread.currentThread().getName().startsWith(PROCESSOR_THREAD);
        }

        private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
