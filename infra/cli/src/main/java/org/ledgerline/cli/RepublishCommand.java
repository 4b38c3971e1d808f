package org.ledgerline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "republish",
        mixinStandardHelpOptions = true,
        description = {
            "Send a range of the event store to Kafka again.",
            "The records are the replicator's own (same key, same ce_id), so consumers that deduplicate on "
                    + "ce_id see nothing new; the replicator's position is not touched."
        },
        footer = {
            "",
            "Examples:",
            "  ledgerline republish --from-position 1",
            "  ledgerline republish --from-position " + "5000 --to-position 6000"
        })
final class RepublishCommand extends ConnectedCommand {

    @Option(
            names = "--from-position",
            required = true,
            paramLabel = "<n>",
            description = "The first global index to send.")
    long fromPosition;

    @Option(names = "--to-position", paramLabel = "<m>", description = "The last global index (default: the head).")
    Long toPosition;

    @Override
    public Integer call() {
        if (fromPosition < 0 || (toPosition != null && toPosition < fromPosition)) {
            throw CliException.usage("Give 0 <= --from-position <= --to-position.");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("fromPosition", fromPosition);
        body.put("toPosition", toPosition);
        long started = System.nanoTime();
        JsonNode result = connection.platform().post("/api/v1/admin/replication/republish", body);
        double seconds = Math.max(0.001, (System.nanoTime() - started) / 1e9);
        var out = out();
        long sent = result.path("sent").asLong();
        out.printf(
                "Re-sent %,d events (positions %d..%s) to Kafka in %s (%,.0f events/s).%n",
                sent, fromPosition, toPosition == null ? "head" : toPosition, Progress.clock(seconds), sent / seconds);
        result.path("topics")
                .fields()
                .forEachRemaining(topic -> out.printf(
                        "  %s: %,d%n", topic.getKey(), topic.getValue().asLong()));
        if (result.path("skipped").asLong() > 0) {
            out.printf(
                    "Skipped %,d events this platform cannot read (see 'ledgerline dead-letters list "
                            + "kafka-replicator').%n",
                    result.path("skipped").asLong());
        }
        return Ledgerline.OK;
    }
}
