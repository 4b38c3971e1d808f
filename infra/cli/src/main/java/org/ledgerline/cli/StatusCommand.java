package org.ledgerline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Every event processor: state, position, head, lag, segments and the nodes claiming them, "
                + "replaying or not, dead letters.",
        footer = {
            "",
            "Examples:",
            "  ledgerline status",
            "  ledgerline status --json | jq '.[] | {name, lag}'",
            "  ledgerline status --db-url jdbc:postgresql://127.0.0.1:15432/postgres   (platform stopped)"
        })
final class StatusCommand extends ConnectedCommand {

    @Option(names = "--json", description = "Print JSON (the admin API's answer) instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        JsonNode processors =
                connection.offline() ? offline() : connection.platform().get("/api/v1/admin/processors");
        var out = out();
        if (json) {
            out.println(PlatformClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(processors));
            return Ledgerline.OK;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(
                "PROCESSOR", "STATE", "POSITION", "HEAD", "LAG", "SEGMENTS (claimed by)", "REPLAYING", "DEAD LETTERS"));
        for (JsonNode processor : processors) {
            List<String> claims = new ArrayList<>();
            for (JsonNode claim : processor.path("claims")) {
                claims.add(claim.path("segment").asText() + ":"
                        + (claim.path("owner").isNull()
                                ? "-"
                                : claim.path("owner").asText()));
            }
            String replaying = processor.path("replaying").asBoolean() ? "yes" : "no";
            JsonNode replay = processor.path("replay");
            if (replay.path("state").asText().equals("PENDING")) {
                replaying = "pending #" + replay.path("id").asText();
            }
            rows.add(List.of(
                    processor.path("name").asText(),
                    processor.path("status").asText(),
                    text(processor.path("position")),
                    text(processor.path("headPosition")),
                    text(processor.path("lag")),
                    processor.path("segments").asText() + (claims.isEmpty() ? "" : " " + claims),
                    replaying,
                    text(processor.path("deadLetters"))));
        }
        Tables.print(out, rows);
        return Ledgerline.OK;
    }

    private JsonNode offline() {
        try (OfflineStore store = connection.store()) {
            return store.processors();
        }
    }

    private static String text(JsonNode value) {
        return value.isMissingNode() || value.isNull() ? "-" : value.asText();
    }
}
