package org.ledgerline.saga.order;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.lang.reflect.Field;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.axonframework.common.Registration;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.SagaScopeDescriptor;
import org.axonframework.modelling.saga.SimpleResourceInjector;
import org.axonframework.modelling.saga.repository.inmemory.InMemorySagaStore;
import org.axonframework.test.deadline.ScheduledDeadlineInfo;
import org.axonframework.test.deadline.StubDeadlineManager;
import org.axonframework.test.saga.ContinuedGivenState;
import org.axonframework.test.saga.SagaTestFixture;
import org.ledgerline.saga.api.SagaState;
import org.ledgerline.saga.api.SagaStep;
import org.ledgerline.saga.api.StepStatus;

/**
 * Runs {@link OrderSaga} through a scenario in Axon's saga fixture and writes down everything it does, in order: its
 * journal calls, the deadlines it schedules and cancels, the commands it sends, and after every step its state as
 * the saga store keeps it (the JSON the platform's serializer writes) with the deadlines then scheduled. A recording
 * made by one version of the saga is what a later version must reproduce, also when it starts from the JSON the
 * earlier version stored.
 */
final class SagaRecording {

    static final String ORDER_ID = "11111111-1111-1111-1111-111111111111";
    /** Marks a step of the scenario in a recording. */
    static final String STEP = "> ";
    /** Marks the state after a step in a recording: one JSON object, see {@link #snapshot()}. */
    static final String STATE = "= ";

    /** The mapper of the platform's Axon serializer (event-store's {@code defaultAxonObjectMapper}), which the saga store uses. */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .setVisibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Reads numbers as written (30.00 stays 30.00) and writes objects with their keys sorted. */
    static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** One step of a scenario. */
    sealed interface Step permits Publish, Elapse, Processor {}

    record Publish(Object event) implements Step {
        @Override
        public String toString() {
            return "publish " + event;
        }
    }

    record Elapse(Duration time) implements Step {
        @Override
        public String toString() {
            return "elapse " + time;
        }
    }

    /** The saga processor is behind (or caught up), the store holds events up to {@code stored}. */
    record Processor(boolean caughtUp, long stored) implements Step {
        @Override
        public String toString() {
            return "processor " + (caughtUp ? "caught up" : "behind") + ", stored up to " + stored;
        }
    }

    private final SagaTestFixture<OrderSaga> fixture = new SagaTestFixture<>(OrderSaga.class);
    private final StubDeadlineManager stub;
    private final InMemorySagaStore store;
    private final List<String> log = new ArrayList<>();
    private final Deadlines deadlines = new Deadlines();
    private final FixtureProgress progress = new FixtureProgress();
    private ContinuedGivenState given;

    SagaRecording(SagaTimeouts timeouts, Instant start) {
        stub = field(fixture, "deadlineManager");
        store = field(fixture, "sagaStore");
        given = fixture.givenCurrentTime(start);
        FixtureClock clock = FixtureClock.of(fixture);
        SagaTimeouts onFixtureTime = new SagaTimeouts(
                timeouts.reserveStock(),
                timeouts.chargePayment(),
                timeouts.confirmOrder(),
                timeouts.commitStock(),
                timeouts.compensation(),
                timeouts.resendCap(),
                clock);
        fixture.registerResourceInjector(new SimpleResourceInjector(
                new Journal(),
                (SagaCommands) command -> log.add("send " + command),
                deadlines,
                progress,
                onFixtureTime));
    }

    /**
     * Starts from a state recorded by {@link #snapshot()}: the saga as its JSON reads with today's class, the
     * deadlines that were scheduled, the processor's progress and the time.
     */
    static SagaRecording from(SagaTimeouts timeouts, String snapshot) throws Exception {
        JsonNode state = MAPPER.readTree(snapshot);
        SagaRecording recording =
                new SagaRecording(timeouts, Instant.parse(state.get("time").asText()));
        recording.progress.caughtUp = state.get("caughtUp").asBoolean();
        recording.progress.stored = state.get("stored").asLong();
        recording.deadlines.issued = state.get("deadlinesIssued").asInt();
        String sagaId = "saga-from-json";
        if (!state.get("saga").isNull()) {
            OrderSaga saga = MAPPER.readValue(state.get("saga").asText(), OrderSaga.class);
            recording.store.insertSaga(
                    OrderSaga.class, sagaId, saga, Set.of(new AssociationValue(OrderSaga.ORDER_ID, ORDER_ID)));
        }
        for (JsonNode pending : state.get("pending")) {
            StepTimeout payload = MAPPER.treeToValue(pending.get("payload"), StepTimeout.class);
            String stubId = recording.stub.schedule(
                    Instant.parse(pending.get("at").asText()),
                    pending.get("name").asText(),
                    payload,
                    new SagaScopeDescriptor(pending.get("scope").asText(), sagaId));
            recording.deadlines.ids.put(pending.get("id").asText(), stubId);
        }
        return recording;
    }

    /** Runs the steps; returns the recording: each step, what the saga did, and the state it left. */
    List<String> run(List<Step> steps) throws Exception {
        for (Step step : steps) {
            log.add(STEP + step);
            switch (step) {
                case Publish publish -> given = given.andThenAPublished(publish.event());
                case Elapse elapse -> given = given.andThenTimeElapses(elapse.time());
                case Processor processor -> {
                    progress.caughtUp = processor.caughtUp();
                    progress.stored = processor.stored();
                }
            }
            log.add(STATE + snapshot());
        }
        return log;
    }

    /** The time, the processor's progress, the saga's JSON as stored (null once ended) and the scheduled deadlines. */
    private String snapshot() throws Exception {
        ObjectNode state = MAPPER.createObjectNode();
        state.put("time", fixture.currentTime().toString());
        state.put("caughtUp", progress.caughtUp);
        state.put("stored", progress.stored);
        state.put("deadlinesIssued", deadlines.issued);
        Set<String> sagas = store.findSagas(OrderSaga.class, new AssociationValue(OrderSaga.ORDER_ID, ORDER_ID));
        if (sagas.isEmpty()) {
            state.putNull("saga");
        } else {
            Object saga =
                    store.loadSaga(OrderSaga.class, sagas.iterator().next()).saga();
            state.put("saga", MAPPER.writeValueAsString(saga));
        }
        ArrayNode pending = state.putArray("pending");
        for (ScheduledDeadlineInfo info : stub.getScheduledDeadlines()) {
            ObjectNode deadline = pending.addObject();
            deadline.put("id", deadlines.label(info.getScheduleId()));
            deadline.put("name", info.getDeadlineName());
            deadline.put("at", info.getScheduleTime().toString());
            deadline.put("scope", ((SagaScopeDescriptor) info.getDeadlineScope()).getType());
            deadline.set("payload", MAPPER.valueToTree(info.deadlineMessage().getPayload()));
        }
        return MAPPER.writeValueAsString(state);
    }

    /**
     * A recording in a form two can be compared in: each state with its saga's JSON read, keys sorted (the order of
     * a JSON object's keys does not change what it reads as).
     */
    static List<String> comparable(List<String> recording) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line : recording) {
            if (!line.startsWith(STATE)) {
                lines.add(line);
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> state = CANONICAL.readValue(line.substring(STATE.length()), Map.class);
            if (state.get("saga") != null) {
                state.put("saga", CANONICAL.readValue((String) state.get("saga"), Object.class));
            }
            lines.add(STATE + CANONICAL.writeValueAsString(state));
        }
        return lines;
    }

    @SuppressWarnings("unchecked")
    private static <T> T field(Object owner, String name) {
        try {
            Field field = SagaTestFixture.class.getDeclaredField(name);
            field.setAccessible(true);
            return (T) field.get(owner);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Axon's saga fixture has no field " + name, e);
        }
    }

    private final class Journal implements SagaJournal {

        @Override
        public void started(String sagaId, UUID orderId, UUID customerId) {
            log.add("journal started " + orderId + " " + customerId);
        }

        @Override
        public void step(UUID orderId, SagaStep step, StepStatus status, String detail) {
            log.add("journal step " + step + " " + status + " " + detail);
        }

        @Override
        public void state(UUID orderId, SagaState state, SagaStep currentStep, String error) {
            log.add("journal state " + state + " " + currentStep + " " + error);
        }

        @Override
        public void deadline(UUID orderId, String name, Duration dueIn) {
            log.add("journal deadline " + name + " " + dueIn);
        }

        @Override
        public void deadlineCleared(UUID orderId, String name) {
            log.add("journal deadline cleared " + name);
        }

        @Override
        public void recovered(UUID orderId) {
            log.add("journal recovered");
        }
    }

    /** The fixture's deadline manager, with ids that do not depend on the run (D1, D2...) and every call written down. */
    private final class Deadlines implements DeadlineManager {

        private final Map<String, String> ids = new HashMap<>();
        private int issued;

        String label(String stubId) {
            return ids.entrySet().stream()
                    .filter(e -> e.getValue().equals(stubId))
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElse("unknown " + stubId);
        }

        @Override
        public String schedule(Instant at, String name, Object payload, ScopeDescriptor scope) {
            String id = "D" + ++issued;
            ids.put(id, stub.schedule(at, name, payload, scope));
            log.add("deadline scheduled " + id + " " + name + " at " + at + " " + payload);
            return id;
        }

        @Override
        public void cancelSchedule(String name, String id) {
            log.add("deadline cancelled " + id + " " + name);
            stub.cancelSchedule(name, ids.getOrDefault(id, id));
        }

        @Override
        public void cancelAll(String name) {
            log.add("deadline cancelled all " + name);
            stub.cancelAll(name);
        }

        @Override
        public void cancelAllWithinScope(String name, ScopeDescriptor scope) {
            log.add("deadline cancelled all in scope " + name);
            stub.cancelAllWithinScope(name, scope);
        }

        @Override
        public Registration registerDispatchInterceptor(
                MessageDispatchInterceptor<? super DeadlineMessage<?>> interceptor) {
            return stub.registerDispatchInterceptor(interceptor);
        }

        @Override
        public Registration registerHandlerInterceptor(
                MessageHandlerInterceptor<? super DeadlineMessage<?>> interceptor) {
            return stub.registerHandlerInterceptor(interceptor);
        }
    }
}
