package org.ledgerline.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * The packaged platform ({@code java -jar ledgerline-platform.jar}, the JDK this test runs on) as a process of its
 * own, configured only through environment variables as an operator would, with its output in one log file per
 * start.
 */
final class PlatformProcess implements AutoCloseable {

    /** Generous: a start takes 15-30 s on a busy 2-core machine. */
    static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final Path jar;
    private final Path logDirectory;
    private final Map<String, String> environment;
    private final Api api;
    /** The management port's client: readiness is probed there (operations endpoints are not on the API port). */
    private final Api management;

    private Process process;
    private int starts;

    PlatformProcess(Path jar, Path logDirectory, Map<String, String> environment, Api api, Api management) {
        this.jar = jar;
        this.logDirectory = logDirectory;
        this.environment = environment;
        this.api = api;
        this.management = management;
    }

    /** Starts the platform and waits until it is ready and the administrator can sign in. */
    void start() {
        starts++;
        Path log = logDirectory.resolve("platform-" + starts + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-jar",
                jar.toString()));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // Only what the suite sets: nothing of the developer's own LEDGERLINE_*/SPRING_*/OTEL_* settings leaks in.
        builder.environment()
                .keySet()
                .removeIf(name -> name.startsWith("LEDGERLINE_")
                        || name.startsWith("SPRING_")
                        || name.startsWith("OTEL_")
                        || name.startsWith("SERVER_")
                        || name.startsWith("MANAGEMENT_")
                        || name.equals("JAVA_TOOL_OPTIONS"));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
            Process started = process;
            // A test JVM that ends early (Ctrl-C, a killed build) must not leave a platform behind.
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "fault-platform-stop"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command, e);
        }
        try {
            Awaitility.await("platform start " + starts + " ready (log " + log + ")")
                    .atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .failFast("the platform process exited", () -> !process.isAlive())
                    .until(() ->
                            management.get("/actuator/health/readiness", null).status() == 200
                                    && api.token(FaultRun.ADMIN_EMAIL, FaultRun.ADMIN_PASSWORD) != null);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new IllegalStateException("The platform did not become ready; its log ends:\n" + tail(log), e);
        }
    }

    int starts() {
        return starts;
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no graceful close, requests in flight cut off. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The platform survived SIGKILL for a minute");
        }
    }

    boolean ready() {
        try {
            return process.isAlive()
                    && management.get("/actuator/health/readiness", null).status() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
