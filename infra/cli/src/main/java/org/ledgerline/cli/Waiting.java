package org.ledgerline.cli;

import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How long a command that starts work on the platform (a rebuild, a replay) follows it: {@code --no-wait} returns at
 * once, {@code --timeout} gives up following; the work itself goes on either way. While following, it asks the
 * platform at the root command's poll interval and shows the progress (redrawn in place on a terminal).
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

    /** The command this mixin is part of (its root holds the global options). */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The {@link System#nanoTime()} after which to give up. */
    long deadline() {
        return System.nanoTime() + timeout.toNanos();
    }

    /** A progress line for the followed work. */
    Progress progress(PrintWriter out, String label) {
        return new Progress(out, label, root().terminal);
    }

    /** Waits before asking the platform again how the work goes. */
    void pause() throws InterruptedException {
        Thread.sleep(root().pollInterval.toMillis()); // polling the platform, between requests
    }

    private Ledgerline root() {
        return (Ledgerline) command.root().userObject();
    }
}
