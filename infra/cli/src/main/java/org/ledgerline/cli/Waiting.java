package org.ledgerline.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How long a command that starts work on the platform (a rebuild, a replay) follows it: {@code --no-wait} returns at
 * once, {@code --timeout} gives up following; the work itself goes on either way.
 */
final class Waiting {

    @Option(names = "--no-wait", description = "Return once the work is requested.")
    boolean noWait;

    @Option(
            names = "--timeout",
            paramLabel = "<duration>",
            defaultValue = "6h",
            converter = Ledgerline.DurationConverter.class,
            description = "Give up waiting after this long (default ${DEFAULT-VALUE}); the work continues.")
    Duration timeout;

    /** The {@link System#nanoTime()} after which to give up. */
    long deadline() {
        return System.nanoTime() + timeout.toNanos();
    }
}
