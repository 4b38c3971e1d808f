package org.ledgerline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "dead-letters",
        mixinStandardHelpOptions = true,
        description = "Events a projector or the Kafka replicator could not handle: list, retry, evict.",
        subcommands = {
            DeadLettersCommand.ListLetters.class,
            DeadLettersCommand.Retry.class,
            DeadLettersCommand.Evict.class
        },
        footer = {
            "",
            "Examples:",
            "  ledgerline dead-letters list",
            "  ledgerline dead-letters list kafka-replicator " + "--json",
            "  ledgerline dead-letters retry orders",
            "  ledgerline dead-letters evict kafka-replicator --event 0c5e...   (or --all)"
        })
final class DeadLettersCommand extends ConnectedCommand {

    @Override
    public Integer call() {
        new ListLetters().list(connection, null, false, out());
        return Ledgerline.OK;
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List dead letters (of one processor, or of every processor with a dead-letter queue).")
    static final class ListLetters extends ConnectedCommand {

        @Parameters(arity = "0..1", paramLabel = "<processor>")
        String processor;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            list(connection, processor, json, out());
            return Ledgerline.OK;
        }

        void list(Connection connection, String processor, boolean json, java.io.PrintWriter out) {
            PlatformClient platform = connection.platform();
            java.util.List<String> processors = new ArrayList<>();
            if (processor != null) {
                processors.add(processor);
            } else {
                for (JsonNode p : platform.get("/api/v1/admin/processors")) {
                    if (!p.path("deadLetters").isNull()
                            && !p.path("deadLetters").isMissingNode()) {
                        processors.add(p.path("name").asText());
                    }
                }
            }
            var all = PlatformClient.JSON.createArrayNode();
            java.util.List<java.util.List<String>> rows = new ArrayList<>();
            rows.add(java.util.List.of("PROCESSOR", "EVENT", "TYPE", "AGGREGATE", "SEQ", "ENQUEUED", "CAUSE"));
            for (String name : processors) {
                JsonNode letters =
                        platform.get("/api/v1/admin/dead-letters" + PlatformClient.query(Map.of("processor", name)));
                for (JsonNode letter : letters) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) letter).put("processor", name);
                    all.add(letter);
                    rows.add(java.util.List.of(
                            name,
                            letter.path("eventId").asText(),
                            letter.path("type").asText(),
                            letter.path("aggregateId").asText("-"),
                            letter.path("aggregateSequence").asText("-"),
                            letter.path("enqueuedAt").asText(),
                            letter.path("cause").asText("-")));
                }
            }
            if (json) {
                out.println(all.toPrettyString());
            } else if (rows.size() == 1) {
                out.println("No dead letters" + (processor == null ? "." : " in " + processor + "."));
            } else {
                Tables.print(out, rows);
            }
            out.flush();
        }
    }

    @Command(
            name = "retry",
            mixinStandardHelpOptions = true,
            description = "Handle a processor's dead letters once more (after fixing the cause); letters that fail "
                    + "again stay, with their new cause.")
    static final class Retry extends ConnectedCommand {

        @Parameters(paramLabel = "<processor>")
        String processor;

        @Override
        public Integer call() {
            JsonNode result = connection
                    .platform()
                    .post("/api/v1/admin/dead-letters/" + PlatformClient.segment(processor) + "/retry", null);
            out().printf(
                            "%s: %d retried successfully, %d remaining.%n",
                            processor,
                            result.path("retried").asLong(),
                            result.path("remaining").asLong());
            return result.path("remaining").asLong() == 0 ? Ledgerline.OK : Ledgerline.FAILED;
        }
    }

    @Command(
            name = "evict",
            mixinStandardHelpOptions = true,
            description = "Drop dead letters for good (their events are not handled again unless replayed).")
    static final class Evict extends ConnectedCommand {

        @Parameters(paramLabel = "<processor>")
        String processor;

        @ArgGroup(multiplicity = "1")
        Which which;

        static final class Which {
            @Option(names = "--event", paramLabel = "<event-id>", description = "Only this event's letter.")
            String eventId;

            @Option(names = "--all", description = "Every letter of the processor.")
            boolean all;
        }

        @Override
        public Integer call() {
            String query = which.eventId == null ? "" : PlatformClient.query(Map.of("eventId", which.eventId));
            JsonNode result = connection
                    .platform()
                    .delete("/api/v1/admin/dead-letters/" + PlatformClient.segment(processor) + query);
            out().printf(
                            "%s: %d evicted, %d remaining.%n",
                            processor,
                            result.path("evicted").asLong(),
                            result.path("remaining").asLong());
            return Ledgerline.OK;
        }
    }
}
