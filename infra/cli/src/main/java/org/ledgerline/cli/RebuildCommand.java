package org.ledgerline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "rebuild",
        mixinStandardHelpOptions = true,
        description = {
            "Rebuild a read model blue/green and show progress until it is swapped in.",
            "The live model keeps answering queries until the rebuilt copy has caught up."
        },
        footer = {"", "Examples:", "  ledgerline rebuild orders", "  ledgerline rebuild products --no-wait"})
final class RebuildCommand extends ConnectedCommand {

    @Parameters(paramLabel = "<read-model>", description = "orders, products or users.")
    String model;

    @Mixin
    Waiting waiting;

    @Override
    public Integer call() throws Exception {
        PlatformClient platform = connection.platform();
        String path = "/api/v1/admin/read-models/" + PlatformClient.segment(model) + "/rebuild";
        JsonNode status = platform.post(path, null);
        var out = out();
        out.printf(
                "Rebuild of %s started (%,d events to read).%n",
                model, status.path("total").asLong());
        if (waiting.noWait) {
            return Ledgerline.OK;
        }
        Progress progress = waiting.progress(out, "rebuild " + model);
        long deadline = waiting.deadline();
        while (System.nanoTime() < deadline) {
            status = platform.get(path);
            String state = status.path("state").asText();
            long processed = status.path("processed").asLong();
            long total = Math.max(processed, status.path("total").asLong());
            progress.update(processed, total, state.toLowerCase(java.util.Locale.ROOT));
            if (state.equals("DONE")) {
                progress.finish(processed, "swapped in");
                return Ledgerline.OK;
            }
            if (state.equals("FAILED")) {
                progress.finish(processed, "failed");
                throw CliException.failed("Rebuild of " + model + " failed (the live model is untouched): "
                        + status.path("error").asText("no reason given"));
            }
            waiting.pause();
        }
        throw CliException.failed(
                "Gave up waiting after " + waiting.timeout + "; the rebuild continues on the platform.");
    }
}
