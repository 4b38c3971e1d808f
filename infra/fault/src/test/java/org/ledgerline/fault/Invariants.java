package org.ledgerline.fault;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.ledgerline.fault.Exchange.Kind;
import org.ledgerline.fault.Observed.KafkaRecord;
import org.ledgerline.fault.Observed.Replay;
import org.ledgerline.fault.Observed.Saga;
import org.ledgerline.fault.Observed.StoredEvent;
import tools.jackson.databind.JsonNode;

/**
 * The promises of issue 18, checked against what a run observed. Each check counts; each broken one is a
 * violation naming the invariant and the evidence (ids, positions, figures).
 */
final class Invariants {

    static final String STORED = "acknowledged-is-stored";
    static final String ONCE = "one-key-one-effect";
    static final String REPLAY = "replayed-key-answers-as-before";
    static final String BALANCE = "balance-adds-up";
    static final String CHARGE = "charged-as-final-state-says";
    static final String STOCK = "stock-adds-up";
    static final String RESERVATION = "reservation-as-final-state-says";
    static final String FINAL = "order-reaches-final-state";
    static final String SAGA = "saga-ends";
    static final String QUERY = "query-api-equals-event-store";
    static final String REBUILD = "read-model-equals-rebuild";
    static final String KAFKA = "kafka-replica-complete";
    static final String STREAM = "event-stream-gap-free";
    static final String DURABLE = "postgres-durable";

    private static final Set<String> CHARGED = Set.of("CONFIRMED", "SHIPPED", "DELIVERED");
    private static final Set<String> NOT_CHARGED = Set.of("REJECTED", "CANCELLED");

    record Result(int checked, List<String> violations) {}

    private int checked;
    private final List<String> violations = new ArrayList<>();

    static Result check(Observed observed) {
        Invariants invariants = new Invariants();
        Ledger ledger = Ledger.of(observed.events());
        invariants.eventStreams(ledger);
        invariants.acknowledgedAreStored(observed, ledger);
        invariants.oneKeyOneEffect(observed, ledger);
        invariants.replays(observed);
        invariants.balances(observed, ledger);
        invariants.orders(observed, ledger);
        invariants.stock(observed, ledger);
        invariants.sagas(observed, ledger);
        invariants.readModels(observed);
        invariants.kafka(observed, ledger);
        // Otherwise a PostgreSQL crash loses commits it had confirmed, and the platform is blamed for it.
        String settings = observed.postgresSettings();
        invariants.check(
                settings.contains("fsync on") && settings.contains("synchronous_commit on"),
                DURABLE,
                () -> "the platform's PostgreSQL, on a durable data directory, runs " + settings
                        + ": a crash can lose commits it confirmed (EmbeddedPostgresServer)");
        for (String problem : observed.unsettled()) {
            invariants.check(false, SAGA, () -> problem);
        }
        return new Result(invariants.checked, List.copyOf(invariants.violations));
    }

    private void check(boolean ok, String invariant, Supplier<String> evidence) {
        checked++;
        if (!ok) {
            violations.add("[" + invariant + "] " + evidence.get());
        }
    }

    private void eventStreams(Ledger ledger) {
        ledger.byAggregate.forEach((aggregate, events) -> {
            for (int i = 0; i < events.size(); i++) {
                long expected = i;
                long sequence = events.get(i).sequence();
                check(
                        sequence == expected,
                        STREAM,
                        () -> aggregate + ": sequence " + sequence + " where " + expected + " belongs");
                if (sequence != expected) {
                    return;
                }
            }
        });
    }

    private void acknowledgedAreStored(Observed observed, Ledger ledger) {
        for (Exchange exchange : observed.exchanges()) {
            if (!exchange.acknowledged()) {
                continue;
            }
            String aggregate = exchange.aggregateId;
            check(
                    aggregate != null && ledger.has(aggregate, exchange.kind.event),
                    STORED,
                    () -> exchange + " acknowledged, but no " + exchange.kind.event + " of " + aggregate
                            + " is stored (aggregate's events: " + ledger.types(aggregate) + ")");
            if (exchange.position != null) {
                StoredEvent at = ledger.byPosition.get(exchange.position);
                check(
                        at != null
                                && (exchange.kind == Kind.SIGN_UP
                                        || at.aggregateId().equals(aggregate)),
                        STORED,
                        () -> exchange + " answered X-Ledgerline-Position " + exchange.position
                                + ", but the store holds "
                                + (at == null ? "nothing" : at.type() + " of " + at.aggregateId()) + " there");
            }
        }
    }

    private void oneKeyOneEffect(Observed observed, Ledger ledger) {
        Set<Exchange> inUse = Set.copyOf(observed.keysLeftInUse());
        for (Exchange exchange : observed.keysLeftInUse()) {
            check(
                    false,
                    ONCE,
                    () -> exchange + ": the key still answered 409 'in use' well past the platform's "
                            + "stale-after; the client cannot learn the outcome nor retry");
        }
        for (Kind kind : List.of(Kind.DEPOSIT, Kind.ADD_STOCK)) {
            Map<String, List<Exchange>> byAggregate = observed.exchanges().stream()
                    .filter(e -> e.kind == kind)
                    .collect(Collectors.groupingBy(e -> e.aggregateId, TreeMap::new, Collectors.toList()));
            byAggregate.forEach((aggregate, exchanges) -> {
                long acknowledged =
                        exchanges.stream().filter(Exchange::acknowledged).count();
                long maybe = exchanges.stream()
                        .filter(e -> !e.acknowledged() && e.uncertain)
                        .count();
                long stored = ledger.count(aggregate, kind.event);
                List<Exchange> retried =
                        exchanges.stream().filter(e -> e.uncertain).toList();
                check(
                        stored >= acknowledged && stored <= acknowledged + maybe,
                        ONCE,
                        () -> aggregate + ": " + stored + " " + kind.event + " stored for " + acknowledged
                                + " acknowledged keys (+" + maybe + " whose outcome the client could not learn); "
                                + "keys sent more than once: " + retried);
            });
        }
        for (Exchange exchange : observed.exchanges()) {
            boolean createsOnce = exchange.kind == Kind.SIGN_UP
                    || exchange.kind == Kind.CREATE_PRODUCT
                    || exchange.kind == Kind.PLACE_ORDER;
            if (createsOnce && exchange.status == 409 && exchange.uncertain && !inUse.contains(exchange)) {
                check(
                        false,
                        ONCE,
                        () -> exchange + ": a retry with the same key ran the command again (409: its "
                                + "first attempt had created it) instead of answering as the first time");
            }
        }
    }

    private void replays(Observed observed) {
        Observed.Replays replays = observed.replays();
        for (Replay replay : replays.replays()) {
            Exchange first = replay.original();
            check(
                    replay.status() == first.status
                            && Objects.equals(replay.body(), first.responseBody)
                            && Objects.equals(replay.location(), first.location),
                    REPLAY,
                    () -> first + ": replay answered " + replay.status() + " " + replay.body() + " (Location "
                            + replay.location() + ") where the first answer was " + first.status + " "
                            + first.responseBody + " (Location " + first.location + ")");
            check(replay.markedReplayed(), REPLAY, () -> first + ": replay not marked Idempotent-Replayed");
        }
        // Settled, nothing else writes: the head must not move. Not settled (reported on its own), a stuck saga's
        // retries may write meanwhile: then only a write of a replayed command counts.
        Set<String> replayed = replays.replays().stream()
                .map(r -> r.original().aggregateId + " " + r.original().kind.event)
                .collect(Collectors.toSet());
        List<String> written = replays.writtenMeanwhile().stream()
                .filter(e -> observed.unsettled().isEmpty() || replayed.contains(e.aggregateId() + " " + e.type()))
                .map(e -> e.type() + "@" + e.position() + " of " + e.aggregateId())
                .toList();
        check(
                written.isEmpty() && (!observed.unsettled().isEmpty() || replays.headAfter() == replays.headBefore()),
                REPLAY,
                () -> "replaying " + replays.replays().size() + " keys moved the event store's head from "
                        + replays.headBefore() + " to " + replays.headAfter() + ": " + written);
    }

    private void balances(Observed observed, Ledger ledger) {
        ledger.accounts.forEach((account, facts) -> {
            BigDecimal computed = facts.deposits.subtract(facts.charges).add(facts.refunds);
            check(
                    facts.lastBalance != null && computed.compareTo(facts.lastBalance) == 0,
                    BALANCE,
                    () -> account + ": deposits " + facts.deposits + " - charges " + facts.charges + " + refunds "
                            + facts.refunds + " = " + computed + ", but its newest event says balance "
                            + facts.lastBalance);
            check(computed.signum() >= 0, BALANCE, () -> account + ": balance " + computed + " below zero");
        });
        observed.queryApi().accountBalances().forEach((userId, balance) -> {
            Ledger.Account facts = ledger.accounts.get("account-" + userId);
            BigDecimal computed = facts == null
                    ? null
                    : facts.deposits.subtract(facts.charges).add(facts.refunds);
            check(
                    computed == null
                            ? balance == null || balance.signum() == 0
                            : balance != null && balance.compareTo(computed) == 0,
                    QUERY,
                    () -> "GET /api/v1/accounts/" + userId + " says balance " + balance + ", the event store "
                            + computed);
        });
    }

    private void orders(Observed observed, Ledger ledger) {
        ledger.orders.forEach((orderId, order) -> {
            check(
                    CHARGED.contains(order.status) || NOT_CHARGED.contains(order.status),
                    FINAL,
                    () -> "order " + orderId + " ended " + order.status);
            BigDecimal net = order.charged.subtract(order.refunded);
            if (CHARGED.contains(order.status)) {
                check(
                        order.charges - order.refunds == 1 && net.compareTo(order.total) == 0,
                        CHARGE,
                        () -> "order " + orderId + " is " + order.status + " (total " + order.total
                                + ") but was charged "
                                + order.charged + " in " + order.charges + " charges and refunded " + order.refunded
                                + " in " + order.refunds);
            } else if (NOT_CHARGED.contains(order.status)) {
                check(
                        net.signum() == 0,
                        CHARGE,
                        () -> "order " + orderId + " is " + order.status + " but kept " + net + " (charged "
                                + order.charged + ", refunded " + order.refunded + ")");
            }
            order.lines.forEach((productId, quantity) -> {
                Ledger.Product product = ledger.products.get(productId);
                int reserved = product == null ? 0 : product.reservedFor(orderId);
                int committed = product == null ? 0 : product.committed.getOrDefault(orderId, 0);
                boolean ok = switch (order.status) {
                    case "CONFIRMED" -> reserved == quantity && committed == 0;
                    case "SHIPPED", "DELIVERED" -> reserved == 0 && committed == quantity;
                    case "REJECTED", "CANCELLED" -> reserved == 0 && committed == 0;
                    default -> true; // not final: reported above
                };
                check(
                        ok,
                        RESERVATION,
                        () -> "order " + orderId + " is " + order.status + " with " + quantity + " of " + productId
                                + ", but " + reserved + " are reserved and " + committed + " committed for it");
            });
        });
        observed.queryApi().orderStatus().forEach((orderId, status) -> {
            Ledger.Order order = ledger.orders.get(orderId);
            String stored = order == null ? null : order.status;
            check(
                    Objects.equals(status, stored),
                    QUERY,
                    () -> "GET /api/v1/orders/" + orderId + " says " + status + ", the event store " + stored);
        });
    }

    private void stock(Observed observed, Ledger ledger) {
        ledger.products.forEach((productId, product) -> {
            int reserved = product.reservedTotal();
            int committed = product.committed.values().stream()
                    .mapToInt(Integer::intValue)
                    .sum();
            int added = product.initial + product.added;
            check(
                    product.lastAvailable >= 0 && added == product.lastAvailable + reserved + committed,
                    STOCK,
                    () -> "product " + productId + ": added " + added + " but available " + product.lastAvailable
                            + " + reserved " + reserved + " + committed " + committed + " = "
                            + (product.lastAvailable + reserved + committed));
            product.reserved.forEach((orderId, quantity) -> check(
                    ledger.orders.containsKey(orderId),
                    STOCK,
                    () -> "product " + productId + " reserved " + quantity + " for " + orderId
                            + ", an order the store does not hold"));
        });
        observed.queryApi().productStock().forEach((productId, api) -> {
            Ledger.Product product = ledger.products.get(productId);
            boolean neither = product == null && api == null; // a creation lost is reported as not stored
            check(
                    neither
                            || product != null
                                    && api != null
                                    && api[0] == product.lastAvailable
                                    && api[1] == product.reservedTotal(),
                    QUERY,
                    () -> "GET /api/v1/products/" + productId + " says available/reserved "
                            + (api == null ? "404" : api[0] + "/" + api[1]) + ", the event store "
                            + (product == null ? "nothing" : product.lastAvailable + "/" + product.reservedTotal()));
        });
    }

    private void sagas(Observed observed, Ledger ledger) {
        Map<String, List<Saga>> byOrder = observed.sagas().stream().collect(Collectors.groupingBy(Saga::orderId));
        ledger.orders.forEach((orderId, order) -> {
            List<Saga> sagas = byOrder.getOrDefault(orderId, List.of());
            check(sagas.size() == 1, SAGA, () -> "order " + orderId + " has " + sagas.size() + " sagas");
            for (Saga saga : sagas) {
                boolean ok = switch (saga.state()) {
                    case "COMPLETED" -> CHARGED.contains(order.status);
                    case "COMPENSATED" -> NOT_CHARGED.contains(order.status);
                    case "RUNNING" -> "AWAIT_SHIPMENT".equals(saga.currentStep()) && "CONFIRMED".equals(order.status);
                    default -> false; // COMPENSATING, FAILED, STUCK
                };
                check(
                        ok,
                        SAGA,
                        () -> "saga " + saga.sagaId() + " of order " + orderId + " ended " + saga.state() + " at "
                                + saga.currentStep() + " while the order is " + order.status);
            }
        });
    }

    private void readModels(Observed observed) {
        Observed.ReadModels models = observed.readModels();
        for (String error : models.rebuildErrors()) {
            check(false, REBUILD, () -> error);
        }
        models.live().forEach((table, live) -> {
            List<String> rebuilt = models.rebuilt().getOrDefault(table, List.of());
            List<String> onlyLive = new ArrayList<>(live);
            onlyLive.removeAll(new HashSet<>(rebuilt));
            List<String> onlyRebuilt = new ArrayList<>(rebuilt);
            onlyRebuilt.removeAll(new HashSet<>(live));
            check(
                    onlyLive.isEmpty() && onlyRebuilt.isEmpty() && live.size() == rebuilt.size(),
                    REBUILD,
                    () -> "table " + table + ": " + live.size() + " live rows, " + rebuilt.size()
                            + " rebuilt; only live " + first(onlyLive) + ", only rebuilt " + first(onlyRebuilt));
        });
    }

    private void kafka(Observed observed, Ledger ledger) {
        Map<String, List<KafkaRecord>> byId = new HashMap<>();
        for (KafkaRecord record : observed.kafka()) {
            byId.computeIfAbsent(record.ceId(), id -> new ArrayList<>()).add(record);
        }
        Map<String, StoredEvent> stored = new HashMap<>();
        for (StoredEvent event : observed.events()) {
            stored.put(event.eventId(), event);
            List<KafkaRecord> records = byId.getOrDefault(event.eventId(), List.of());
            check(
                    !records.isEmpty(),
                    KAFKA,
                    () -> event.type() + "@" + event.position() + " of " + event.aggregateId() + " (ce_id "
                            + event.eventId() + ") is not on Kafka");
            check(
                    records.stream()
                            .allMatch(r -> event.aggregateId().equals(r.key())
                                    && Objects.equals(r.sequence(), event.sequence())),
                    KAFKA,
                    () -> "ce_id " + event.eventId() + " on Kafka with another key or sequence: " + records);
        }
        byId.forEach((id, records) -> check(
                stored.containsKey(id),
                KAFKA,
                () -> "Kafka holds ce_id " + id + " that the event store does not: " + records));
        Map<String, List<KafkaRecord>> byKey = observed.kafka().stream()
                .collect(Collectors.groupingBy(KafkaRecord::key, LinkedHashMap::new, Collectors.toList()));
        byKey.forEach((key, records) -> {
            Set<String> partitions =
                    records.stream().map(r -> r.topic() + "-" + r.partition()).collect(Collectors.toSet());
            check(partitions.size() == 1, KAFKA, () -> "key " + key + " spread over " + partitions);
            List<KafkaRecord> inOrder = records.stream()
                    .sorted(java.util.Comparator.comparingLong(KafkaRecord::offset))
                    .toList();
            Set<String> seen = new HashSet<>();
            long last = -1;
            boolean ordered = true;
            for (KafkaRecord record : inOrder) {
                if (!seen.add(record.ceId())) {
                    continue; // a redelivery of an event already seen: allowed, same ce_id
                }
                if (record.sequence() == null || record.sequence() <= last) {
                    ordered = false;
                }
                last = record.sequence() == null ? last : record.sequence();
            }
            boolean inKeyOrder = ordered;
            check(
                    inKeyOrder,
                    KAFKA,
                    () -> "key " + key + ": first deliveries out of sequence order: "
                            + inOrder.stream()
                                    .map(r -> r.sequence() + "@" + r.offset())
                                    .toList());
        });
    }

    private static List<String> first(List<String> rows) {
        return rows.subList(0, Math.min(5, rows.size()));
    }

    /** The event store folded into the figures the invariants compare. */
    static final class Ledger {

        static final class Account {
            BigDecimal deposits = BigDecimal.ZERO;
            BigDecimal charges = BigDecimal.ZERO;
            BigDecimal refunds = BigDecimal.ZERO;
            BigDecimal lastBalance;
        }

        static final class Order {
            String status = "PENDING";
            BigDecimal total = BigDecimal.ZERO;
            final Map<String, Integer> lines = new LinkedHashMap<>();
            BigDecimal charged = BigDecimal.ZERO;
            BigDecimal refunded = BigDecimal.ZERO;
            int charges;
            int refunds;
        }

        static final class Product {
            int initial;
            int added;
            int lastAvailable;
            final Map<String, Integer> reserved = new HashMap<>();
            final Map<String, Integer> released = new HashMap<>();
            final Map<String, Integer> committed = new HashMap<>();

            int reservedFor(String orderId) {
                return reserved.getOrDefault(orderId, 0)
                        - released.getOrDefault(orderId, 0)
                        - committed.getOrDefault(orderId, 0);
            }

            int reservedTotal() {
                return reserved.keySet().stream().mapToInt(this::reservedFor).sum();
            }
        }

        final Map<String, List<StoredEvent>> byAggregate = new LinkedHashMap<>();
        final Map<Long, StoredEvent> byPosition = new HashMap<>();
        final Map<String, Account> accounts = new TreeMap<>();
        final Map<String, Order> orders = new TreeMap<>();
        final Map<String, Product> products = new TreeMap<>();

        static Ledger of(List<StoredEvent> events) {
            Ledger ledger = new Ledger();
            events.stream()
                    .sorted(java.util.Comparator.comparingLong(StoredEvent::position))
                    .forEach(ledger::apply);
            ledger.byAggregate
                    .values()
                    .forEach(list -> list.sort(java.util.Comparator.comparingLong(StoredEvent::sequence)));
            return ledger;
        }

        boolean has(String aggregate, String type) {
            return count(aggregate, type) > 0;
        }

        long count(String aggregate, String type) {
            return byAggregate.getOrDefault(aggregate, List.of()).stream()
                    .filter(e -> e.type().equals(type))
                    .count();
        }

        List<String> types(String aggregate) {
            return byAggregate.getOrDefault(aggregate, List.of()).stream()
                    .map(StoredEvent::type)
                    .toList();
        }

        private void apply(StoredEvent event) {
            byAggregate
                    .computeIfAbsent(event.aggregateId(), a -> new ArrayList<>())
                    .add(event);
            byPosition.put(event.position(), event);
            JsonNode p = event.payload();
            String aggregate = event.aggregateId();
            switch (event.type()) {
                case "MoneyDeposited" -> {
                    Account account = account(aggregate);
                    account.deposits = account.deposits.add(money(p.path("amount")));
                    account.lastBalance = money(p.path("balance"));
                }
                case "AccountCharged" -> {
                    Account account = account(aggregate);
                    BigDecimal amount = money(p.path("amount"));
                    account.charges = account.charges.add(amount);
                    account.lastBalance = money(p.path("balance"));
                    Order order = order(p.path("orderId").asString());
                    order.charged = order.charged.add(amount);
                    order.charges++;
                }
                case "AccountRefunded" -> {
                    Account account = account(aggregate);
                    BigDecimal amount = money(p.path("amount"));
                    account.refunds = account.refunds.add(amount);
                    account.lastBalance = money(p.path("balance"));
                    Order order = order(p.path("orderId").asString());
                    order.refunded = order.refunded.add(amount);
                    order.refunds++;
                }
                case "ProductCreated" -> {
                    Product product = product(aggregate);
                    product.initial = p.path("initialStock").asInt();
                    product.lastAvailable = product.initial;
                }
                case "StockAdded" -> {
                    Product product = product(aggregate);
                    product.added += p.path("quantity").asInt();
                    product.lastAvailable = p.path("available").asInt();
                }
                case "StockReserved" -> {
                    Product product = product(aggregate);
                    product.reserved.merge(
                            p.path("orderId").asString(), p.path("quantity").asInt(), Integer::sum);
                    product.lastAvailable = p.path("available").asInt();
                }
                case "StockReservationReleased" -> {
                    Product product = product(aggregate);
                    product.released.merge(
                            p.path("orderId").asString(), p.path("quantity").asInt(), Integer::sum);
                    product.lastAvailable = p.path("available").asInt();
                }
                case "StockReservationCommitted" ->
                    product(aggregate)
                            .committed
                            .merge(
                                    p.path("orderId").asString(),
                                    p.path("quantity").asInt(),
                                    Integer::sum);
                case "OrderPlaced" -> {
                    Order order = order(aggregate);
                    order.total = money(p.path("total"));
                    for (JsonNode line : p.path("lines")) {
                        order.lines.merge(
                                line.path("productId").asString(),
                                line.path("quantity").asInt(),
                                Integer::sum);
                    }
                }
                case "OrderConfirmed" -> order(aggregate).status = "CONFIRMED";
                case "OrderRejected" -> order(aggregate).status = "REJECTED";
                case "OrderCancelled" -> order(aggregate).status = "CANCELLED";
                case "OrderShipped" -> order(aggregate).status = "SHIPPED";
                case "OrderDelivered" -> order(aggregate).status = "DELIVERED";
                default -> {
                    // users, roles, prices, saga requests: no figure of the invariants
                }
            }
        }

        private Account account(String id) {
            return accounts.computeIfAbsent(id, a -> new Account());
        }

        private Order order(String id) {
            return orders.computeIfAbsent(id, o -> new Order());
        }

        private Product product(String id) {
            return products.computeIfAbsent(id, p -> new Product());
        }

        /** Money as stored: {@code {"amount": "12.50", "currency": "EUR"}} (a bare number or string also read). */
        static BigDecimal money(JsonNode node) {
            JsonNode amount = node.isObject() ? node.path("amount") : node;
            return amount.isMissingNode() || amount.isNull() ? BigDecimal.ZERO : new BigDecimal(amount.asString());
        }
    }
}
