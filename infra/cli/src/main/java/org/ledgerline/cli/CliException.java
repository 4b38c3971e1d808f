package org.ledgerline.cli;

/** A failure the CLI reports as one sentence and an exit code, never as a stack trace. */
final class CliException extends RuntimeException {

    private final int exitCode;

    private CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** The operation failed (exit code 1). */
    static CliException failed(String message) {
        return new CliException(message, Ledgerline.FAILED);
    }

    /** The command was used wrongly, e.g. an unknown processor (exit code 2). */
    static CliException usage(String message) {
        return new CliException(message, Ledgerline.USAGE);
    }

    int exitCode() {
        return exitCode;
    }
}
