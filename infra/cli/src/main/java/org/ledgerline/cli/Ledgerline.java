package org.ledgerline.cli;

import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code ledgerline} command: the operators' door to a running platform (its admin API) or, offline, to its
 * database. Exit codes: 0 done, 1 the operation failed, 2 the command was used wrongly.
 */
@Command(
        name = "ledgerline",
        mixinStandardHelpOptions = true,
        version = "ledgerline 0.1.0",
        description = "Operate a Ledgerline platform: processors, replays, read models, events, Kafka, dead letters.",
        subcommands = {
            StatusCommand.class, ReplayCommand.class, RebuildCommand.class, EventsCommand.class,
            RepublishCommand.class, DeadLettersCommand.class, LoginCommand.class, TokenCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Online commands talk to --url (LEDGERLINE_URL) with an ADMIN --token (LEDGERLINE_TOKEN) or",
            "--token-file (LEDGERLINE_TOKEN_FILE), e.g. from 'ledgerline login --save';",
            "with --db-url they work on the database while the platform is stopped.",
            "Exit codes: 0 ok, 1 operation failed, 2 bad usage.",
            "",
            "Examples:",
            "  ledgerline status",
            "  ledgerline replay orders",
            "  ledgerline rebuild products",
            "  ledgerline events 4f6c1e3a-0d7e-4b8e-9a55-2d1c1f0e9b11",
            "  ledgerline help replay"
        })
public final class Ledgerline implements Runnable {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    /** Whether standard output is a terminal (progress bars redraw in place). */
    boolean terminal;

    @Option(
            names = "--poll-interval",
            hidden = true,
            defaultValue = "500ms",
            scope = ScopeType.INHERIT,
            converter = DurationConverter.class,
            description = "How often progress is polled.")
    Duration pollInterval;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Name a command, e.g. 'ledgerline status'.");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(out, err, isTerminal(), args));
    }

    /** Runs one command line; the tests call this in-process. */
    public static int run(PrintWriter out, PrintWriter err, boolean terminal, String... args) {
        Ledgerline root = new Ledgerline();
        root.terminal = terminal;
        CommandLine line = new CommandLine(root);
        line.setOut(out).setErr(err);
        line.setExecutionExceptionHandler((exception, commandLine, parsed) -> {
            if (exception instanceof CliException cli) {
                commandLine.getErr().println(cli.getMessage());
                return cli.exitCode();
            }
            commandLine
                    .getErr()
                    .println("Failed: "
                            + (exception.getMessage() == null
                                    ? exception.getClass().getSimpleName()
                                    : exception.getMessage()));
            return FAILED;
        });
        line.setParameterExceptionHandler((exception, arguments) -> {
            CommandLine command = exception.getCommandLine();
            command.getErr().println(exception.getMessage());
            command.getErr().println("See '" + command.getCommandSpec().qualifiedName() + " --help'.");
            return USAGE;
        });
        int code = line.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Java 22+ answers System.console() even into a pipe; its isTerminal() tells the truth. */
    private static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** Accepts {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT30S}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            if (v.startsWith("pt")) {
                return Duration.parse(v);
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long amount = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default ->
                    throw new CommandLine.TypeConversionException("not a duration: " + value + " (e.g. 30s, 5m, 1h)");
            };
        }
    }
}
