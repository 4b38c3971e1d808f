package org.ledgerline.platform.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.ledgerline.eventstore.EventContract;
import org.ledgerline.eventstore.config.EventStoreAutoConfiguration;
import org.ledgerline.eventstore.contract.ContractSerializer;
import org.ledgerline.kernel.EventCatalog;
import org.ledgerline.kernel.Money;
import org.ledgerline.order.api.OrderCancelled;
import org.ledgerline.order.api.OrderConfirmed;
import org.ledgerline.order.api.OrderDelivered;
import org.ledgerline.order.api.OrderEvents;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.order.api.OrderLine;
import org.ledgerline.order.api.OrderPlaced;
import org.ledgerline.order.api.OrderRejected;
import org.ledgerline.order.api.OrderRejectionReason;
import org.ledgerline.order.api.OrderShipped;
import org.ledgerline.order.api.OrderStatus;
import org.ledgerline.order.api.ShippingAddress;
import org.ledgerline.product.api.ProductCreated;
import org.ledgerline.product.api.ProductDiscontinued;
import org.ledgerline.product.api.ProductEvents;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.product.api.ProductPriceChanged;
import org.ledgerline.product.api.ProductRenamed;
import org.ledgerline.product.api.StockAdded;
import org.ledgerline.product.api.StockRejectionReason;
import org.ledgerline.product.api.StockReservationCommitted;
import org.ledgerline.product.api.StockReservationRejected;
import org.ledgerline.product.api.StockReservationReleased;
import org.ledgerline.product.api.StockReserved;
import org.ledgerline.replication.kafka.ReplicationProperties;
import org.ledgerline.saga.api.SagaCompensationRequested;
import org.ledgerline.saga.api.SagaEvents;
import org.ledgerline.saga.api.SagaRetryRequested;
import org.ledgerline.user.api.AccountCharged;
import org.ledgerline.user.api.AccountId;
import org.ledgerline.user.api.AccountOpened;
import org.ledgerline.user.api.AccountRefunded;
import org.ledgerline.user.api.ChargeDeclineReason;
import org.ledgerline.user.api.ChargeDeclined;
import org.ledgerline.user.api.MoneyDeposited;
import org.ledgerline.user.api.Role;
import org.ledgerline.user.api.RoleGranted;
import org.ledgerline.user.api.RoleRevoked;
import org.ledgerline.user.api.UserDeactivated;
import org.ledgerline.user.api.UserEvents;
import org.ledgerline.user.api.UserId;
import org.ledgerline.user.api.UserProfileChanged;
import org.ledgerline.user.api.UserRegistered;

/**
 * The event contract, pinned: every event's stored name, revision, former names, topic and one sample payload as the
 * platform's serializer writes it, against {@code src/test/resources/event-contract.json}. Stored events and Kafka
 * consumers depend on all of these, so none may change unannounced (ADR 0017). It lives in the platform because only
 * the platform sees every context's {@code api} package together with the event store's serializer.
 */
class EventContractTest {

    private static final String CONTRACT = "/event-contract.json";
    private static final Path ACTUAL = Path.of("target", "event-contract.actual.json");
    private static final String HOW_TO_ANNOUNCE = """
            The event contract changed. Stored events and Kafka consumers depend on each event's name, revision and \
            payload, so a change must be announced (docs/adr/0017-event-contract.md):
              - a new or removed field, or a changed one: give the event the next revision in its catalog \
            (<Context>Events in the context's api package) and add an EventUpcaster bean that turns the previous \
            revision into the new one (the rows already stored keep the old shape);
              - a renamed event or moved class: keep the stored name; to rename it, add the old name to the \
            entry's former names (rows under it still load) and tell Kafka consumers (ce_type changes);
              - a new event: add it to its catalog and a sample to this test.
            Then copy %s over infra/platform/src/test/resources/event-contract.json and say so in the commit.
            What differs:
            %s""";

    /** The JSON the contract file holds, read exactly (an amount's trailing zero is part of the payload). */
    private final ObjectMapper json = new ObjectMapper()
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private final List<EventCatalog> catalogs =
            List.of(OrderEvents.CATALOG, ProductEvents.CATALOG, UserEvents.CATALOG, SagaEvents.CATALOG);
    private final Serializer serializer = new ContractSerializer(
            JacksonSerializer.builder().objectMapper(new EventStoreAutoConfiguration().defaultAxonObjectMapper()),
            new EventContract(catalogs));
    private final ReplicationProperties replication =
            new ReplicationProperties(null, null, null, null, null, null, null, null, null, null);

    @Test
    void every_events_name_revision_former_names_topic_and_sample_payload_are_the_announced_ones() throws IOException {
        ObjectNode actual = actualContract();
        JsonNode announced;
        try (InputStream in = EventContractTest.class.getResourceAsStream(CONTRACT)) {
            assertThat(in).as(CONTRACT + " on the test class path").isNotNull();
            announced = json.readTree(in);
        }
        List<String> differences = differences(announced, actual);
        if (!differences.isEmpty()) {
            Files.createDirectories(ACTUAL.getParent());
            Files.writeString(ACTUAL, json.writeValueAsString(actual) + "\n");
            fail(HOW_TO_ANNOUNCE.formatted(ACTUAL, String.join("\n", differences)));
        }
    }

    @Test
    void each_sample_reads_back_under_its_name_and_under_its_former_names_without_a_revision() {
        Map<Class<?>, Object> samples = samples();
        for (EventCatalog catalog : catalogs) {
            for (EventCatalog.Entry event : catalog.events()) {
                Object sample = samples.get(event.type());
                SerializedObject<byte[]> stored = serializer.serialize(sample, byte[].class);
                assertThat((Object) serializer.deserialize(stored))
                        .as(event.name())
                        .isEqualTo(sample);
                for (String former : event.formerly()) {
                    // As rows written before the catalog: the class name then, and no revision.
                    var old = new SimpleSerializedObject<>(stored.getData(), byte[].class, former, null);
                    assertThat((Object) serializer.deserialize(old)).as(former).isEqualTo(sample);
                }
            }
        }
    }

    /** The contract as the code has it now, in the file's shape. */
    private ObjectNode actualContract() throws IOException {
        Map<Class<?>, Object> samples = samples();
        ObjectNode contract = json.createObjectNode();
        for (EventCatalog catalog : catalogs) {
            for (EventCatalog.Entry event : catalog.events()) {
                Object sample = samples.get(event.type());
                assertThat(sample)
                        .as("a sample of " + event.name() + " in EventContractTest.samples()")
                        .isNotNull();
                SerializedObject<String> stored = serializer.serialize(sample, String.class);
                ObjectNode entry = contract.putObject(event.name());
                entry.put("revision", event.revision());
                ArrayNode formerly = entry.putArray("formerly");
                event.formerly().forEach(formerly::add);
                entry.put("topic", replication.topicOf(catalog.context()));
                entry.put("storedType", stored.getType().getName());
                entry.put("storedRevision", stored.getType().getRevision());
                entry.set("sample", json.readTree(stored.getData()));
            }
        }
        assertThat(samples).as("every sample is of a catalogued event").hasSize(contract.size());
        return contract;
    }

    private List<String> differences(JsonNode announced, JsonNode actual) throws IOException {
        List<String> differences = new ArrayList<>();
        for (var names = announced.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!actual.has(name)) {
                differences.add("- " + name + " is announced but no catalog has it any more");
            }
        }
        for (var fields = actual.fields(); fields.hasNext(); ) {
            var field = fields.next();
            JsonNode was = announced.get(field.getKey());
            if (was == null) {
                differences.add("- " + field.getKey() + " is new");
                continue;
            }
            for (var parts = field.getValue().fields(); parts.hasNext(); ) {
                var part = parts.next();
                // Compared as written, field order included: the stored bytes are the contract.
                String now = json.writer()
                        .without(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(part.getValue());
                String before = was.has(part.getKey())
                        ? json.writer()
                                .without(SerializationFeature.INDENT_OUTPUT)
                                .writeValueAsString(was.get(part.getKey()))
                        : "(missing)";
                if (!now.equals(before)) {
                    differences.add(
                            "- " + field.getKey() + " " + part.getKey() + ": announced " + before + ", now " + now);
                }
            }
        }
        return differences;
    }

    /** One sample per event, with fixed values so the payloads are the same on every run. */
    private static Map<Class<?>, Object> samples() {
        UUID order = UUID.fromString("0f6a2f58-3c8e-4a52-9a43-5d1c0e7b8a01");
        UUID product = UUID.fromString("3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f");
        UUID user = UUID.fromString("7d1e9c20-5b3a-4f6e-8c2d-9a0b1c2d3e4f");
        UUID operator = UUID.fromString("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");
        OrderId orderId = new OrderId(order);
        ProductId productId = new ProductId(product);
        UserId userId = new UserId(user);
        AccountId accountId = new AccountId(user);
        Money price = Money.of("12.50", "EUR");
        Map<Class<?>, Object> samples = new LinkedHashMap<>();
        for (Object sample : List.of(
                new OrderPlaced(
                        orderId,
                        user,
                        List.of(new OrderLine(product, "MUG-1", "Mug", 3, price)),
                        Money.of("37.50", "EUR"),
                        new ShippingAddress("1 Main St", null, "Berlin", "10115", "DE")),
                new OrderConfirmed(orderId),
                new OrderRejected(orderId, OrderRejectionReason.OUT_OF_STOCK.name()),
                new OrderCancelled(orderId, "changed my mind", OrderStatus.CONFIRMED),
                new OrderShipped(orderId, "TRACK-1"),
                new OrderDelivered(orderId),
                new ProductCreated(productId, "MUG-1", "Mug", price, 10),
                new ProductRenamed(productId, "Big mug"),
                new ProductPriceChanged(productId, price, Money.of("13.00", "EUR")),
                new ProductDiscontinued(productId),
                new StockAdded(productId, 5, 15),
                new StockReserved(productId, order, 3, 12),
                new StockReservationRejected(productId, order, 20, 12, StockRejectionReason.OUT_OF_STOCK),
                new StockReservationReleased(productId, order, 3, 15),
                new StockReservationCommitted(productId, order, 3),
                new UserRegistered(userId, "ada@example.com", "Ada", Set.of(Role.CUSTOMER)),
                new UserProfileChanged(userId, "Ada L."),
                new RoleGranted(userId, Role.ADMIN),
                new RoleRevoked(userId, Role.ADMIN),
                new UserDeactivated(userId),
                new AccountOpened(accountId, Currency.getInstance("EUR")),
                new MoneyDeposited(accountId, Money.of("100.00", "EUR"), Money.of("100.00", "EUR")),
                new AccountCharged(accountId, order, Money.of("37.50", "EUR"), Money.of("62.50", "EUR")),
                new ChargeDeclined(
                        accountId,
                        order,
                        Money.of("70.00", "EUR"),
                        ChargeDeclineReason.INSUFFICIENT_FUNDS,
                        Money.of("62.50", "EUR")),
                new AccountRefunded(accountId, order, Money.of("37.50", "EUR"), Money.of("100.00", "EUR")),
                new SagaRetryRequested(order, "saga-1", operator),
                new SagaCompensationRequested(order, "saga-1", operator))) {
            samples.put(sample.getClass(), sample);
        }
        return samples;
    }
}
