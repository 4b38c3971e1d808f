package org.ledgerline.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the CLI works: a running platform (online) or, with {@code --db-url}, the database itself (offline). */
final class Connection {

    @Mixin
    PlatformUrl platformUrl;

    @Option(
            names = "--token",
            paramLabel = "<jwt>",
            defaultValue = "${env:LEDGERLINE_TOKEN}",
            description = "An ADMIN access token (env LEDGERLINE_TOKEN).")
    String token;

    @Option(
            names = "--token-file",
            paramLabel = "<file>",
            defaultValue = "${env:LEDGERLINE_TOKEN_FILE}",
            description = "A file holding the token, e.g. written by 'ledgerline login --save' (env "
                    + "LEDGERLINE_TOKEN_FILE); --token wins if both are given.")
    String tokenFile;

    @Option(
            names = "--db-url",
            paramLabel = "<jdbc-url>",
            defaultValue = "${env:LEDGERLINE_CLI_DB_URL}",
            description = "Offline: the event store's JDBC URL (env LEDGERLINE_CLI_DB_URL), used while the platform is "
                    + "stopped, e.g. jdbc:postgresql://127.0.0.1:15432/postgres.")
    String dbUrl;

    @Option(
            names = "--db-user",
            paramLabel = "<user>",
            defaultValue = "${env:LEDGERLINE_DB_USER:-postgres}",
            description = "Offline: database user (env LEDGERLINE_DB_USER; default ${DEFAULT-VALUE}).")
    String dbUser;

    @Option(
            names = "--db-password",
            paramLabel = "<password>",
            defaultValue = "${env:LEDGERLINE_DB_PASSWORD}",
            description = "Offline: database password (env LEDGERLINE_DB_PASSWORD).")
    String dbPassword;

    boolean offline() {
        return dbUrl != null && !dbUrl.isBlank();
    }

    PlatformClient platform() {
        return new PlatformClient(platformUrl.url, token());
    }

    String token() {
        if (token != null && !token.isBlank()) {
            return token.trim();
        }
        if (tokenFile == null || tokenFile.isBlank()) {
            return null;
        }
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(tokenFile))
                    .trim();
        } catch (java.io.IOException e) {
            throw CliException.usage("Cannot read the token file " + tokenFile + " (--token-file / "
                    + "LEDGERLINE_TOKEN_FILE): " + e.getClass().getSimpleName());
        }
    }

    OfflineStore store() {
        return OfflineStore.open(dbUrl, dbUser, dbPassword);
    }
}
