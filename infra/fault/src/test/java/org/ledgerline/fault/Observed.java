package org.ledgerline.fault;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Everything the suite saw at the end of a run; {@link Invariants} judges it. {@code postgresSettings}: the durable
 * PostgreSQL's {@code fsync} and {@code synchronous_commit} as the run started.
 */
record Observed(
        List<Exchange> exchanges,
        List<StoredEvent> events,
        QueryApi queryApi,
        List<Saga> sagas,
        Replays replays,
        ReadModels readModels,
        List<KafkaRecord> kafka,
        List<Exchange> keysLeftInUse,
        List<String> unsettled,
        String postgresSettings) {

    /** A row of {@code domainevententry}, payload parsed. */
    record StoredEvent(
            long position, String aggregateId, long sequence, String eventId, String type, JsonNode payload) {}

    /** What the query API answered after the run (null: 404). */
    record QueryApi(
            Map<String, BigDecimal> accountBalances,
            Map<String, int[]> productStock,
            Map<String, String> orderStatus) {}

    /** An item of {@code GET /api/v1/sagas}. */
    record Saga(String sagaId, String orderId, String state, String currentStep) {}

    /** Keys sent again after the crashes, with what they answered the second time. */
    record Replays(List<Replay> replays, long headBefore, long headAfter, List<StoredEvent> writtenMeanwhile) {}

    record Replay(Exchange original, int status, String body, String location, boolean markedReplayed) {}

    /** Each read-model table as the live model had it, and after a fresh blue/green rebuild (rows as text). */
    record ReadModels(Map<String, List<String>> live, Map<String, List<String>> rebuilt, List<String> rebuildErrors) {}

    /** A record of the Kafka replica, with the headers the check needs. */
    record KafkaRecord(String topic, int partition, long offset, String key, String ceId, Long sequence) {}
}
