package org.ledgerline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "events",
        mixinStandardHelpOptions = true,
        description = {
            "Show events as stored: one aggregate's stream, or events by type and time.",
            "Payloads are shown byte for byte as stored (numbers are never reformatted).",
            "Columns: position (global index), sequence, type, time, payload."
        },
        footer = {
            "",
            "Examples:",
            "  ledgerline events 4f6c1e3a-0d7e-4b8e-9a55-2d1c1f0e9b11",
            "  ledgerline events 4f6c1e3a-0d7e-4b8e-9a55-2d1c1f0e9b11 --json",
            "  ledgerline events --type OrderPlaced --since 2026-01-01 --limit 100",
            "  ledgerline events --type OrderPlaced --after 5000   (the next page)"
        })
final class EventsCommand extends ConnectedCommand {

    private static final int PAGE = 1_000;

    @Parameters(arity = "0..1", paramLabel = "<aggregate-id>", description = "Show this aggregate's stream.")
    String aggregateId;

    @Option(names = "--type", paramLabel = "<type>", description = "Only this event type (e.g. OrderPlaced).")
    String type;

    @Option(
            names = "--since",
            paramLabel = "<time>",
            description = "Only events at or after this time (ISO date " + "or instant, UTC).")
    String since;

    @Option(
            names = "--after",
            paramLabel = "<position>",
            defaultValue = "0",
            description = "Only events after this global index.")
    long after;

    @Option(
            names = "--limit",
            paramLabel = "<n>",
            description = "At most n events (default: an aggregate's whole stream, else 100).")
    Integer limit;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (aggregateId == null && type == null && since == null) {
            throw CliException.usage("Name an aggregate id, or filter with --type and/or --since.");
        }
        if (limit != null && limit < 1) {
            throw CliException.usage("--limit is 1 or more.");
        }
        if (since != null) {
            ReplayCommand.instant(since);
        }
        int wanted = limit != null ? limit : aggregateId != null ? Integer.MAX_VALUE : 100;
        ArrayNode events = connection.offline() ? offline(wanted) : online(wanted);
        var out = out();
        if (aggregateId != null && events.isEmpty()) {
            throw CliException.failed("No events of aggregate " + aggregateId + ".");
        }
        if (json) {
            out.println(PlatformClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(events));
            return Ledgerline.OK;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(
                aggregateId != null
                        ? List.of("POSITION", "SEQ", "TYPE", "TIME", "PAYLOAD")
                        : List.of("POSITION", "AGGREGATE", "SEQ", "TYPE", "TIME", "PAYLOAD"));
        for (JsonNode event : events) {
            List<String> row = new ArrayList<>(List.of(event.path("position").asText()));
            if (aggregateId == null) {
                row.add(event.path("aggregateId").asText());
            }
            row.addAll(List.of(
                    event.path("sequence").asText(),
                    event.path("type").asText(),
                    event.path("time").asText(),
                    PlatformClient.JSON.writeValueAsString(event.path("payload"))));
            rows.add(row);
        }
        Tables.print(out, rows);
        return Ledgerline.OK;
    }

    private ArrayNode online(int wanted) throws java.io.IOException {
        PlatformClient platform = connection.platform();
        ArrayNode events = PlatformClient.JSON.createArrayNode();
        Long cursor = after;
        while (cursor != null && events.size() < wanted) {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("aggregateId", aggregateId);
            query.put("type", type);
            query.put("since", since);
            query.put("afterPosition", cursor);
            query.put("limit", Math.min(PAGE, wanted - events.size()));
            String text = platform.getText("/api/v1/admin/events" + PlatformClient.query(query));
            JsonNode page = PlatformClient.JSON.readTree(text);
            // The payloads as the platform sent them (byte for byte as stored), not as reparsed numbers.
            List<String> payloads = StoredPayloads.payloadsOfPage(text);
            for (int i = 0; i < page.path("items").size(); i++) {
                ObjectNode event = (ObjectNode) page.path("items").get(i);
                event.set("payload", StoredPayloads.raw(payloads.get(i)));
                events.add(event);
            }
            cursor = page.path("nextAfterPosition").isNumber()
                    ? page.path("nextAfterPosition").asLong()
                    : null;
        }
        return events;
    }

    private ArrayNode offline(int wanted) {
        try (OfflineStore store = connection.store()) {
            return store.events(aggregateId, type, since == null ? null : ReplayCommand.instant(since), after, wanted);
        }
    }
}
