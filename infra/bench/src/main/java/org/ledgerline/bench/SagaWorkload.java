package org.ledgerline.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.ledgerline.kernel.Money;
import org.ledgerline.order.api.OrderConfirmed;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.order.api.OrderRejected;
import org.ledgerline.order.api.PlaceOrder;
import org.ledgerline.order.api.RequestedLine;
import org.ledgerline.order.api.ShippingAddress;
import org.ledgerline.product.api.CreateProduct;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.user.api.DepositMoney;
import org.ledgerline.user.api.UserId;

/**
 * Issue 9, item 2: the order saga end to end (place, reserve stock, charge, confirm). Orders are placed through the
 * command gateway (the HTTP edge is item 1; with several nodes, the first node's gateway: the saga's commands then
 * run on the node holding each saga's segment); a reader of the event stream sees each OrderConfirmed. Closed loop with
 * {@link #IN_FLIGHT} orders in flight for the maximum, then open loop at 50 % of it.
 */
final class SagaWorkload {

    static final int IN_FLIGHT = 32;
    private static final ShippingAddress ADDRESS = new ShippingAddress("1 Main St", null, "Berlin", "10115", "DE");

    private final Platform platform;
    private final Scale scale;
    private final CommandGateway commands;
    private final Map<UUID, CompletableFuture<Boolean>> waiting = new ConcurrentHashMap<>();
    private final List<UUID> products = new ArrayList<>();
    private final List<UUID> customers = new ArrayList<>();

    SagaWorkload(Platform platform, Scale scale) {
        this.platform = platform;
        this.scale = scale;
        this.commands = platform.bean(CommandGateway.class);
    }

    void measure(Results results) throws Exception {
        // The outcomes read from the event stream (the store's shared tail, as the processors read it), not from the
        // publishing JVM's subscription: with several nodes the saga confirms orders on every node.
        EventStore store = platform.bean(EventStore.class);
        BlockingStream<TrackedEventMessage<?>> stream = store.openStream(store.createHeadToken());
        Thread outcomes = Thread.ofPlatform()
                .daemon()
                .name("bench-saga-outcomes")
                .start(() -> {
                    try {
                        while (!Thread.currentThread().isInterrupted()) {
                            if (stream.hasNextAvailable(100, TimeUnit.MILLISECONDS)) {
                                Object payload = stream.nextAvailable().getPayload();
                                if (payload instanceof OrderConfirmed confirmed) {
                                    complete(confirmed.orderId().value(), true);
                                } else if (payload instanceof OrderRejected rejected) {
                                    complete(rejected.orderId().value(), false);
                                }
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        if (!Thread.currentThread().isInterrupted()) {
                            System.err.println("The saga's outcome reader stopped: " + e);
                        }
                    }
                });
        try {
            for (int i = 0; i < 20; i++) {
                UUID id = UUID.randomUUID();
                // A SKU of its own (SKUs are unique): the workload may run twice on one platform (a warm-up).
                String sku = "SAGA-" + i + "-" + id.toString().substring(0, 8);
                commands.sendAndWait(
                        new CreateProduct(new ProductId(id), sku, "Saga " + i, Money.of("1.00", "EUR"), 1_000_000));
                products.add(id);
            }
            for (int i = 0; i < IN_FLIGHT; i++) {
                UUID id = UUID.randomUUID();
                commands.sendAndWait(new DepositMoney(new UserId(id), Money.of("100000000.00", "EUR")));
                customers.add(id);
            }
            Loads.Call closed = () -> place().get(60, TimeUnit.SECONDS);
            Loads.closed(IN_FLIGHT, scale.warmup, closed);
            Loads.Result max = Loads.closed(IN_FLIGHT, scale.sagaPhase, closed);
            CommandsWorkload.check(max, "saga closed loop");
            results.add(Measure.rate(
                    "saga.max",
                    "Saga: orders CONFIRMED/s, closed loop (" + IN_FLIGHT + " in flight)",
                    "orders/s",
                    max.perSecond(),
                    "limit.single",
                    "%,d confirmed, %,d not confirmed; %s".formatted(max.completed(), max.errors(), max.usage())));
            double rate = max.perSecond() / 2;
            Loads.Result open = Loads.open(rate, scale.sagaPhase, Duration.ofSeconds(60), this::place);
            CommandsWorkload.check(open, "saga open loop");
            results.add(Measure.latency(
                    "saga.open50",
                    "Saga: placement -> CONFIRMED, open loop at 50 % of max," + " p50 / p99 / p99.9",
                    new double[] {open.ms(50), open.ms(99), open.ms(99.9)},
                    "%.0f/s offered; %s".formatted(rate, CommandsWorkload.errors(open))));
        } finally {
            outcomes.interrupt();
            outcomes.join(10_000);
            stream.close();
        }
    }

    /** Places one order; completes true when the saga confirmed it, false if rejected. */
    private CompletableFuture<Boolean> place() {
        UUID order = UUID.randomUUID();
        CompletableFuture<Boolean> outcome = new CompletableFuture<>();
        waiting.put(order, outcome);
        UUID product = products.get(ThreadLocalRandom.current().nextInt(products.size()));
        UUID customer = customers.get(ThreadLocalRandom.current().nextInt(customers.size()));
        commands.send(new PlaceOrder(new OrderId(order), customer, List.of(new RequestedLine(product, 1)), ADDRESS))
                .whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        complete(order, false);
                    }
                });
        return outcome;
    }

    private void complete(UUID order, boolean confirmed) {
        CompletableFuture<Boolean> future = waiting.remove(order);
        if (future != null) {
            future.complete(confirmed);
        }
    }
}
