package org.ledgerline.cli;

import picocli.CommandLine.Option;

/** {@code --url}: the running platform a command talks to. */
final class PlatformUrl {

    @Option(
            names = "--url",
            paramLabel = "<url>",
            defaultValue = "${env:LEDGERLINE_URL:-http://127.0.0.1:8080}",
            description = "The platform's base URL (env LEDGERLINE_URL; default ${DEFAULT-VALUE}).")
    String url;
}
