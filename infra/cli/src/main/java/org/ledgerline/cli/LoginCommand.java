package org.ledgerline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        description = {
            "Sign in to a running platform (POST /api/v1/auth/token) and print the access token, or "
                    + "write it to a file readable by you only (--save).",
            "The password comes from standard input (--password-stdin), a file (--password-file) or the "
                    + "environment (LEDGERLINE_PASSWORD); never from the command line, which others can see."
        },
        footer = {
            "",
            "Examples:",
            "  ledgerline login --email admin@example.com --password-stdin --save ~/.ledgerline-token",
            "  export LEDGERLINE_TOKEN_FILE=~/.ledgerline-token; ledgerline status"
        })
final class LoginCommand implements Callable<Integer> {

    @Mixin
    PlatformUrl platformUrl;

    @Option(names = "--email", required = true, paramLabel = "<email>", description = "Who signs in.")
    String email;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    boolean passwordStdin;

    @Option(names = "--password-file", paramLabel = "<file>", description = "Read the password from a file.")
    Path passwordFile;

    @Option(
            names = "--save",
            paramLabel = "<file>",
            description = "Write the token to this file (mode 0600) instead of printing it.")
    Path save;

    @Spec
    CommandSpec spec;

    /** Where {@code --password-stdin} reads; the tests replace it. */
    java.io.InputStream stdin = System.in;

    @Override
    public Integer call() throws IOException {
        JsonNode answer = PlatformClient.anonymous(platformUrl.url)
                .post("/api/v1/auth/token", Map.of("email", email, "password", password()));
        String token = answer.path("accessToken").asText("");
        if (token.isBlank()) {
            throw CliException.failed("The platform answered without an access token.");
        }
        if (save == null) {
            spec.commandLine().getOut().println(token);
            return Ledgerline.OK;
        }
        writeOwnerOnly(save, token + "\n");
        spec.commandLine()
                .getErr()
                .println("Signed in as " + email + "; token saved to " + save + " (expires in "
                        + answer.path("expiresIn").asLong() + " s).");
        return Ledgerline.OK;
    }

    private String password() throws IOException {
        int sources = (passwordStdin ? 1 : 0) + (passwordFile != null ? 1 : 0);
        if (sources > 1) {
            throw CliException.usage("Give the password one way: --password-stdin or --password-file.");
        }
        String password;
        if (passwordStdin) {
            password = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
        } else if (passwordFile != null) {
            try {
                password = Files.readString(passwordFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw CliException.usage("Cannot read the password file " + passwordFile + " ("
                        + e.getClass().getSimpleName() + ").");
            }
        } else {
            password = System.getenv("LEDGERLINE_PASSWORD");
        }
        if (password == null || password.strip().isEmpty()) {
            throw CliException.usage("No password: use --password-stdin, --password-file or LEDGERLINE_PASSWORD.");
        }
        return password.endsWith("\r\n")
                ? password.substring(0, password.length() - 2)
                : password.endsWith("\n") ? password.substring(0, password.length() - 1) : password;
    }

    static void writeOwnerOnly(Path file, String content) throws IOException {
        Path absolute = file.toAbsolutePath();
        boolean posix = Files.getFileAttributeView(absolute.getParent(), PosixFileAttributeView.class) != null;
        Path temporary = posix
                ? Files.createTempFile(
                        absolute.getParent(),
                        ".ledgerline-token",
                        ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(absolute.getParent(), ".ledgerline-token", ".tmp");
        try {
            Files.writeString(temporary, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(
                    temporary,
                    absolute,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
