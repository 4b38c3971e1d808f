package org.ledgerline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Replay an event processor from position 0 (or from a position or time) and show progress "
                    + "until it has caught up.",
            "Every platform node pauses the processor, one node resets it (its read model's reset handler "
                    + "clears the tables), every node resumes.",
            "The read models share the processor read-models: replaying it replays all of them. Naming one read "
                    + "model (orders, products, users) rebuilds it alone blue/green (as 'ledgerline rebuild'), "
                    + "from the first event, while the others stay live."
        },
        footer = {
            "",
            "Examples:",
            "  ledgerline replay read-models                (every read model)",
            "  ledgerline replay orders                     (the orders read model alone: a blue/green rebuild)",
            "  ledgerline replay --all                      (every processor but kafka-replicator)",
            "  ledgerline replay read-models --from-position 120000",
            "  ledgerline replay read-models --from-time 2026-11-01T00:00:00Z --no-wait",
            "  ledgerline replay read-models --db-url jdbc:postgresql://127.0.0.1:15432/postgres",
            "      (platform stopped: recorded now, carried out by the next platform start)"
        })
final class ReplayCommand extends ConnectedCommand {

    /** Re-sending the whole store to Kafka is not a read-model replay: name it, or use 'republish'. */
    private static final String REPLICATOR = "kafka-replicator";

    @Parameters(arity = "0..1", paramLabel = "<processor>", description = "The processor ('ledgerline status').")
    String processor;

    @Option(names = "--all", description = "Every processor that can be replayed, except kafka-replicator.")
    boolean all;

    @Option(
            names = "--from-position",
            paramLabel = "<n>",
            description = "Replay the events after global index n (0: all; default).")
    Long fromPosition;

    @Option(
            names = "--from-time",
            paramLabel = "<time>",
            description = "Replay the events from this time on (ISO instant or date, UTC).")
    String fromTime;

    @Mixin
    Waiting waiting;

    @Override
    public Integer call() throws Exception {
        if ((processor == null) == !all) {
            throw CliException.usage("Name one processor or give --all (see 'ledgerline status').");
        }
        if (fromPosition != null && fromTime != null) {
            throw CliException.usage("Give --from-position or --from-time, not both.");
        }
        if (fromPosition != null && fromPosition < 0) {
            throw CliException.usage("--from-position is 0 or more.");
        }
        Instant from = fromTime == null ? null : instant(fromTime);
        var out = out();
        if (connection.offline()) {
            if (all) {
                throw CliException.usage("Offline, replay one processor at a time.");
            }
            try (OfflineStore store = connection.store()) {
                long id = store.requestReplay(processor, fromPosition, from);
                out.printf("Replay #%d of %s recorded; the platform carries it out when it starts.%n", id, processor);
            }
            return Ledgerline.OK;
        }
        PlatformClient platform = connection.platform();
        String shared = all ? null : sharedProcessorOf(platform, processor);
        if (shared != null) {
            return rebuildAlone(shared, out);
        }
        List<String> names = all ? replayable(platform) : List.of(processor);
        Map<String, Long> requested = new LinkedHashMap<>();
        for (String name : names) {
            JsonNode answer;
            try {
                answer = platform.post(
                        "/api/v1/admin/processors/" + PlatformClient.segment(name) + "/replay"
                                + PlatformClient.query(queryOf(from)),
                        null);
            } catch (CliException e) {
                if (all && e.getMessage().contains("cannot be replayed")) {
                    out.println("Skipping " + name + ": " + e.getMessage());
                    continue;
                }
                throw e;
            }
            long id = answer.path("replay").path("id").asLong();
            requested.put(name, id);
            out.printf("Replay #%d of %s requested.%n", id, name);
        }
        if (waiting.noWait || requested.isEmpty()) {
            out.println("Follow it with 'ledgerline status'.");
            return Ledgerline.OK;
        }
        return await(platform, requested, out);
    }

    /**
     * The processor that runs {@code name} as one of its processing groups (the read models share
     * {@code read-models}, ADR 0025), or null when {@code name} is a processor (or unknown: the platform says so).
     */
    private static String sharedProcessorOf(PlatformClient platform, String name) {
        for (JsonNode processor : platform.get("/api/v1/admin/processors")) {
            if (processor.path("name").asText().equals(name)) {
                return null;
            }
        }
        for (JsonNode processor : platform.get("/api/v1/admin/processors")) {
            for (JsonNode group : processor.path("groups")) {
                if (group.asText().equals(name)) {
                    return processor.path("name").asText();
                }
            }
        }
        return null;
    }

    /** One read model of a shared processor replays alone as its blue/green rebuild, from the first event. */
    private int rebuildAlone(String shared, java.io.PrintWriter out) throws Exception {
        if (fromPosition != null || fromTime != null) {
            throw CliException.usage("'" + processor + "' is a read model of processor " + shared + ": alone it "
                    + "replays from the first event, as a blue/green rebuild. To replay from a position or time, "
                    + "replay " + shared + " (every read model).");
        }
        out.printf(
                "%s is a read model of processor %s (shared with the other read models): replaying it alone "
                        + "rebuilds it blue/green; the others stay live.%n",
                processor, shared);
        RebuildCommand rebuild = new RebuildCommand();
        rebuild.model = processor;
        rebuild.waiting = waiting;
        rebuild.connection = connection;
        rebuild.spec = spec;
        return rebuild.call();
    }

    private Map<String, Object> queryOf(Instant from) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("fromPosition", fromPosition);
        query.put("fromTime", from);
        return query;
    }

    private List<String> replayable(PlatformClient platform) {
        List<String> names = new ArrayList<>();
        for (JsonNode processor : platform.get("/api/v1/admin/processors")) {
            String name = processor.path("name").asText();
            if (!name.equals(REPLICATOR)) {
                names.add(name);
            }
        }
        return names;
    }

    private int await(PlatformClient platform, Map<String, Long> requested, java.io.PrintWriter out)
            throws InterruptedException {
        String label = requested.size() == 1
                ? "replay " + requested.keySet().iterator().next()
                : "replay of " + requested.size() + " processors";
        Progress progress = waiting.progress(out, label);
        Map<String, Long> starts = new LinkedHashMap<>();
        long deadline = waiting.deadline();
        long done = 0;
        while (System.nanoTime() < deadline) {
            done = 0;
            long total = 0;
            int pending = 0;
            boolean finished = true;
            for (Map.Entry<String, Long> entry : requested.entrySet()) {
                JsonNode status = platform.get("/api/v1/admin/processors/" + PlatformClient.segment(entry.getKey()));
                JsonNode replay = status.path("replay");
                long latest = replay.path("id").asLong(-1);
                // A later request of the same processor can only exist once ours has finished.
                String state = latest == entry.getValue()
                        ? replay.path("state").asText()
                        : latest > entry.getValue() ? "DONE" : "PENDING";
                if (state.equals("FAILED")) {
                    progress.finish(done, "failed");
                    throw CliException.failed("Replay of " + entry.getKey() + " failed: "
                            + replay.path("error").asText("no reason given"));
                }
                long head = status.path("headPosition").asLong(0);
                if (state.equals("PENDING")) {
                    pending++;
                    finished = false;
                    total += head - (fromPosition == null ? 0 : fromPosition);
                    continue;
                }
                long position = status.path("position").asLong(0);
                long start = starts.computeIfAbsent(
                        entry.getKey(),
                        name -> fromPosition != null ? fromPosition : fromTime != null ? Math.min(position, head) : 0L);
                boolean caughtUp = status.path("caughtUp").asBoolean()
                        && !status.path("replaying").asBoolean();
                total += Math.max(0, head - start);
                done += caughtUp ? Math.max(0, head - start) : Math.max(0, position - start);
                finished &= caughtUp;
            }
            progress.update(done, total, pending > 0 ? "waiting for nodes to pause (" + pending + ")" : "replaying");
            if (finished) {
                progress.finish(done, "caught up");
                return Ledgerline.OK;
            }
            waiting.pause();
        }
        progress.finish(done, "still running");
        throw CliException.failed("Gave up waiting after " + waiting.timeout + "; the replay continues on the platform "
                + "('ledgerline status').");
    }

    static Instant instant(String text) {
        try {
            return text.length() == 10
                    ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw CliException.usage("Not a time: '" + text + "' (use 2026-11-01 or 2026-11-01T10:00:00Z).");
        }
    }
}
