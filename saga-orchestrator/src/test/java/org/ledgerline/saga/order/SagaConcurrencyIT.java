package org.ledgerline.saga.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.ledgerline.order.api.RequestedLine;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * 200 orders at once against too little stock and too little money: afterwards every order's stock and money are
 * consistent with its final status, no saga is left running, and the saga read model agrees.
 */
@LedgerlineIntegrationTest(
        kafka = true,
        properties = {"ledgerline.admin.email=", "logging.level.org.ledgerline.saga=WARN"})
class SagaConcurrencyIT {

    private static final int ORDERS = 200;
    private static final Pattern ORDER_ID = Pattern.compile("\"orderId\":\"([0-9a-f-]{36})\"");

    @Autowired
    CommandGateway commands;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void concurrent_orders_end_confirmed_and_paid_or_rejected_with_nothing_kept() throws Exception {
        SagaFixtures fixtures = new SagaFixtures(commands, jdbc);
        List<UUID> products = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            products.add(fixtures.product("10.00", 40));
        }
        List<UUID> customers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            customers.add(fixtures.customer("60.00"));
        }
        Random random = new Random(42);
        List<List<RequestedLine>> requests = new ArrayList<>();
        List<UUID> buyers = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            List<RequestedLine> lines = new ArrayList<>();
            int count = 1 + random.nextInt(2);
            List<UUID> shuffled = new ArrayList<>(products);
            java.util.Collections.shuffle(shuffled, random);
            for (int l = 0; l < count; l++) {
                lines.add(new RequestedLine(shuffled.get(l), 1 + random.nextInt(2)));
            }
            requests.add(lines);
            buyers.add(customers.get(random.nextInt(customers.size())));
        }

        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<UUID>> placed = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            int n = i;
            placed.add(clients.submit(
                    () -> fixtures.order(buyers.get(n), requests.get(n).toArray(RequestedLine[]::new))));
        }
        List<UUID> orders = new ArrayList<>();
        for (Future<UUID> order : placed) {
            orders.add(order.get());
        }
        clients.shutdown();

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> jdbc.queryForObject(
                                "SELECT count(*) FROM saga_instances WHERE state = 'COMPENSATED' "
                                        + "OR (state = 'RUNNING' AND current_step = 'AWAIT_SHIPMENT')",
                                Integer.class)
                        == ORDERS);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM saga_instances WHERE failed", Integer.class))
                .isZero();
        Map<String, Map<UUID, Integer>> counts = eventCounts();
        Map<UUID, String> finalStatus = new HashMap<>();
        jdbc.query(
                "SELECT DISTINCT ON (aggregateidentifier) aggregateidentifier, payloadtype FROM domainevententry "
                        + "WHERE payloadtype LIKE 'order.%' "
                        + "ORDER BY aggregateidentifier, sequencenumber DESC",
                row -> {
                    finalStatus.put(UUID.fromString(row.getString(1)), simple(row.getString(2)));
                });
        Map<UUID, String> sagaStates = new HashMap<>();
        jdbc.query("SELECT order_id, state FROM saga_instances", row -> {
            sagaStates.put(row.getObject(1, UUID.class), row.getString(2));
        });
        int confirmed = 0;
        for (int i = 0; i < ORDERS; i++) {
            UUID order = orders.get(i);
            int reserved = count(counts, "StockReserved", order);
            int released = count(counts, "StockReservationReleased", order);
            int charged = count(counts, "AccountCharged", order);
            int refunded = count(counts, "AccountRefunded", order);
            String status = finalStatus.get(order);
            if ("OrderConfirmed".equals(status)) {
                confirmed++;
                assertThat(charged).as("charges of confirmed order %s", order).isEqualTo(1);
                assertThat(refunded).as("refunds of confirmed order %s", order).isZero();
                assertThat(reserved)
                        .as("reservations of confirmed order %s", order)
                        .isEqualTo(requests.get(i).size());
                assertThat(released).as("releases of confirmed order %s", order).isZero();
                assertThat(sagaStates.get(order)).isEqualTo("RUNNING");
            } else {
                assertThat(status).as("final status of order %s", order).isEqualTo("OrderRejected");
                assertThat(charged)
                        .as("charges net of refunds of rejected order %s", order)
                        .isEqualTo(refunded);
                assertThat(reserved)
                        .as("reservations net of releases of rejected order %s", order)
                        .isEqualTo(released);
                assertThat(sagaStates.get(order)).isEqualTo("COMPENSATED");
            }
        }
        // Limited stock and money: some orders were confirmed, some refused.
        assertThat(confirmed).isBetween(1, ORDERS - 1);
        assertNoOverdraft(customers);
    }

    private void assertNoOverdraft(List<UUID> customers) {
        for (UUID customer : customers) {
            List<String> balances = jdbc.queryForList(
                    "SELECT convert_from(payload, 'UTF8') FROM domainevententry WHERE aggregateidentifier = ? "
                            + "ORDER BY sequencenumber DESC LIMIT 1",
                    String.class,
                    "account-" + customer);
            Matcher balance =
                    Pattern.compile("\"balance\":\\{\"amount\":([0-9.\\-]+)").matcher(balances.getFirst());
            if (balance.find()) {
                assertThat(new BigDecimal(balance.group(1))).isNotNegative();
            }
        }
    }

    private Map<String, Map<UUID, Integer>> eventCounts() {
        Map<String, Map<UUID, Integer>> counts = new LinkedHashMap<>();
        jdbc.query(
                "SELECT payloadtype, convert_from(payload, 'UTF8') FROM domainevententry "
                        + "WHERE payloadtype IN ('product.StockReserved', "
                        + "'product.StockReservationReleased', "
                        + "'user.AccountCharged', 'user.AccountRefunded')",
                row -> {
                    Matcher order = ORDER_ID.matcher(row.getString(2));
                    if (order.find()) {
                        counts.computeIfAbsent(simple(row.getString(1)), k -> new HashMap<>())
                                .merge(UUID.fromString(order.group(1)), 1, Integer::sum);
                    }
                });
        return counts;
    }

    private static int count(Map<String, Map<UUID, Integer>> counts, String type, UUID order) {
        return counts.getOrDefault(type, Map.of()).getOrDefault(order, 0);
    }

    private static String simple(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }
}
