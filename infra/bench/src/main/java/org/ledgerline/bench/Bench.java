package org.ledgerline.bench;

import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark suite of issue 9 in one run: the machine's limits (pgbench), then the platform ("ours") and the
 * same platform configured like Axon out of the box ("peer"), each on a fresh database of the same PostgreSQL. At
 * the default scale each configuration runs in a JVM of its own (with its own warm-up and in-process Kafka broker):
 * in one shared JVM the second platform ran with the JIT's work for the first, and the run order decided the
 * commands rows. Prints one table; {@code --docs} writes it into docs/benchmarks.md.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Runs the Ledgerline benchmark suite and prints one table.")
public final class Bench implements Callable<Integer> {

    enum Workload {
        commands,
        saga,
        replication,
        rebuild,
        limits
    }

    @Option(
            names = "--scale",
            description =
                    "smoke (seconds, proves it runs) or default (the measurement); " + "default: ${DEFAULT-VALUE}")
    Scale scale = Scale.DEFAULT;

    @Option(names = "--workloads", split = ",", description = "Only these (comma-separated): ${COMPLETION-CANDIDATES}")
    Set<Workload> workloads = EnumSet.allOf(Workload.class);

    @Option(names = "--no-peer", description = "Skip the out-of-the-box Axon configuration.")
    boolean noPeer;

    @Option(names = "--peer-first", description = "Run the peer before ours (shows what is left of an order bias).")
    boolean peerFirst;

    @Option(
            names = "--same-jvm",
            description = "Run both configurations in this JVM, one after the other (as the "
                    + "smoke scale always does); the second then starts with the JIT's work for the first.")
    boolean sameJvm;

    @Option(
            names = "--child-configuration",
            hidden = true,
            description = "Internal: run only this configuration "
                    + "(ours or peer) and write its figures to --child-results.")
    String childConfiguration;

    @Option(names = "--child-results", hidden = true)
    Path childResults;

    @Option(
            names = "--no-warmup",
            description = "Skip the warm-up: at the default scale the selected command, saga "
                    + "and replication workloads first run once, unreported, on a throwaway platform, so that neither configuration pays for "
                    + "the JIT (the first platform of a cold JVM measured half the commands/s of the second).")
    boolean noWarmup;

    @Option(
            names = "--nodes",
            description =
                    "Platform nodes on the same PostgreSQL and broker: the first in the configuration's JVM, "
                            + "the others in JVMs of their own; one segment of each read model and of the saga per node, "
                            + "balanced; HTTP load spread over all; CPU per op summed over every JVM. Default: ${DEFAULT-VALUE}")
    int nodes = 1;

    @Option(
            names = "--embedded-postgres",
            description =
                    "Measure on an embedded PostgreSQL (durable, with pg_stat_statements loaded when its binaries "
                            + "have it) even when a local server answers on 127.0.0.1:5432.")
    boolean embeddedPostgres;

    @Option(names = "--docs", description = "Write the table into this Markdown file (between the bench markers).")
    Path docs;

    Report report;

    public static void main(String[] args) {
        int code = new CommandLine(new Bench())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
        System.exit(code);
    }

    @Override
    public Integer call() throws Exception {
        if (nodes < 1 || nodes > 8) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--nodes must be 1 to 8, was " + nodes);
        }
        if (childConfiguration != null) {
            return runChild();
        }
        Instant started = Instant.now();
        String loadBefore = loadAverage();
        String commit = gitCommit(); // before the run writes docs/benchmarks.md
        Results limits = new Results("limit");
        Results ours = new Results("ours");
        Results peer = new Results("peer");
        String database;
        try (Servers servers = Servers.start(embeddedPostgres)) {
            database = servers.description;
            System.out.println("PostgreSQL: " + database + "; Kafka: in-process KRaft broker at "
                    + servers.kafkaBootstrapServers());
            if (workloads.contains(Workload.limits)) {
                Limits.measure(servers, scale, limits);
            }
            List<String> order =
                    noPeer ? List.of("ours") : peerFirst ? List.of("peer", "ours") : List.of("ours", "peer");
            if (separateJvms()) {
                for (String name : order) {
                    runInOwnJvm(name, servers, name.equals("ours") ? ours : peer, limits);
                }
            } else {
                if (warmUpWanted()) {
                    warmUp(servers);
                }
                for (String name : order) {
                    runPlatform(name, servers, name.equals("ours") ? ours : peer, limits);
                }
            }
        }
        long seconds = ChronoUnit.SECONDS.between(started, Instant.now());
        report = new Report(ours, peer, limits);
        report.header.add("Run of `bin/bench --scale %s` on %s UTC, %d s; commit %s."
                .formatted(scale.name().toLowerCase(), started.truncatedTo(ChronoUnit.SECONDS), seconds, commit));
        report.header.add("Machine: %d cores, %.0f GiB, %s %s, Java %s; load average before %s, after %s."
                .formatted(
                        Runtime.getRuntime().availableProcessors(),
                        memoryGiB(),
                        System.getProperty("os.name"),
                        System.getProperty("os.version"),
                        System.getProperty("java.version"),
                        loadBefore,
                        loadAverage()));
        report.header.add(("PostgreSQL: %s. Kafka: in-process KRaft broker (one node). Platform, PostgreSQL, Kafka "
                        + "and this driver share the machine. Rate limit off (the per-caller 50/s would "
                        + "measure the limiter).")
                .formatted(database));
        if (nodes > 1) {
            report.header.add(("Platform: %d nodes on that PostgreSQL and broker, the first in the configuration's JVM "
                            + "(with the driver and the broker), the others in JVMs of their own; %d segments of each "
                            + "read model and of the saga, spread by the segment balancer; HTTP callers spread over the "
                            + "nodes, the saga's orders placed through the first node's gateway; CPU per op: JVM sums "
                            + "every node's JVM.")
                    .formatted(nodes, nodes));
        }
        report.header.add((separateJvms()
                        ? "Each configuration ran in a JVM of its own"
                        : "Both configurations ran " + "in one JVM")
                + (warmUpWanted()
                        ? (separateJvms() ? ", after its own" : ", after an")
                                + " unreported warm-up of the selected saga, command and replication paths; "
                        : ", no warm-up; ")
                + (noPeer
                        ? "only ours ran."
                        : peerFirst ? "the peer ran first, then ours." : "ours ran first, then the peer."));
        report.header.add(("Peer: the same platform with `peer.properties` (batch size 1 everywhere, Axon's event "
                        + "batch 100, Hikari's default pool, no aggregate cache; Jackson kept, XStream is excluded from the "
                        + "build — which flatters the peer); its rebuild is a replay of a store seeded "
                        + "with %,d events, its replay and catch-up rated over at most %d s.")
                .formatted(scale.peerRebuildEvents, scale.slowPathLimit.toSeconds()));
        String table = report.markdown();
        System.out.println();
        System.out.println(table);
        if (docs != null) {
            report.writeTo(docs);
            System.out.println("Written to " + docs);
        }
        return 0;
    }

    /** One configuration ("ours" or "peer") on a platform of its own: the selected workloads, the rebuild last. */
    private void runPlatform(String name, Servers servers, Results results, Results limits) throws Exception {
        boolean isPeer = name.equals("peer");
        try (Platform platform = Platform.start(name, servers, isPeer ? peerProperties() : Map.of(), nodes)) {
            if (nodes > 1 && warmUpWanted() && workloads.contains(Workload.saga)) {
                // The other nodes' JVMs are new and cold (the throwaway platform warmed only this JVM): the saga
                // workload once through them, unreported (it exercises the command, saga and projection paths
                // without leaving the saga stopped, as the commands workload does). Each commands row has its own.
                System.out.println("Warm-up of the " + nodes + " nodes (not reported): the saga workload once");
                new SagaWorkload(platform, scale).measure(new Results("warm-up"));
            }
            measureLive(platform, servers, results);
            if (workloads.contains(Workload.rebuild)) {
                RebuildWorkload rebuild = new RebuildWorkload(platform, servers);
                long events = rebuild.seed(isPeer ? scale.peerRebuildEvents : scale.rebuildEvents);
                if (!isPeer && workloads.contains(Workload.limits)) {
                    rebuild.sequentialRead(limits);
                }
                if (isPeer) {
                    rebuild.replay(results, events, scale.slowPathLimit);
                } else {
                    rebuild.blueGreen(results, events);
                }
            }
        }
    }

    /** The selected saga, command and replication workloads, in that order, on a running platform. */
    private void measureLive(Platform platform, Servers servers, Results results) throws Exception {
        if (workloads.contains(Workload.saga)) {
            new SagaWorkload(platform, scale).measure(results);
        }
        if (workloads.contains(Workload.commands)) {
            new CommandsWorkload(platform, scale).measure(results);
        }
        if (workloads.contains(Workload.replication)) {
            new ReplicationWorkload(platform, servers, scale).measure(results);
        }
    }

    private boolean separateJvms() {
        return !sameJvm && scale != Scale.SMOKE;
    }

    private boolean warmUpWanted() {
        return !noWarmup
                && scale != Scale.SMOKE
                && (workloads.contains(Workload.commands)
                        || workloads.contains(Workload.saga)
                        || workloads.contains(Workload.replication));
    }

    /**
     * One configuration in a child JVM with this JVM's options and class path, on the same PostgreSQL (its own Kafka
     * broker); its figures come back through a file and are added to {@code results} and {@code limits}.
     */
    private void runInOwnJvm(String name, Servers servers, Results results, Results limits) throws Exception {
        Path file = Files.createTempFile("ledgerline-bench-" + name + "-", ".results");
        try {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.addAll(List.of(
                    "-cp",
                    System.getProperty("java.class.path"),
                    Bench.class.getName(),
                    "--child-configuration",
                    name,
                    "--child-results",
                    file.toString(),
                    "--scale",
                    scale.name(),
                    "--workloads",
                    String.join(",", workloads.stream().map(Enum::name).toList()),
                    "--nodes",
                    Integer.toString(nodes)));
            if (noWarmup) {
                command.add("--no-warmup");
            }
            ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
            builder.environment().put("LEDGERLINE_BENCH_DB_URL", servers.jdbcUrl(servers.adminDatabase));
            builder.environment().put("LEDGERLINE_BENCH_DB_USER", servers.user);
            builder.environment().put("LEDGERLINE_BENCH_DB_PASSWORD", servers.password);
            System.out.println("Running " + name + " in a JVM of its own");
            int exit = builder.start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("The " + name + " configuration's JVM failed (exit " + exit + ")");
            }
            try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(file))) {
                @SuppressWarnings("unchecked")
                List<Measure> figures = (List<Measure>) in.readObject();
                @SuppressWarnings("unchecked")
                List<Measure> limitFigures = (List<Measure>) in.readObject();
                figures.forEach(results::put);
                limitFigures.forEach(limits::put);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The child side of {@link #runInOwnJvm}: its own warm-up, one configuration, the figures to a file. */
    private int runChild() throws Exception {
        Results results = new Results(childConfiguration);
        Results limits = new Results("limit");
        try (Servers servers = Servers.start()) {
            if (warmUpWanted()) {
                warmUp(servers);
            }
            runPlatform(childConfiguration, servers, results, limits);
        }
        try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(childResults))) {
            out.writeObject(new ArrayList<>(results.measures.values()));
            out.writeObject(new ArrayList<>(limits.measures.values()));
        }
        return 0;
    }

    /**
     * The selected saga, command and replication paths once through the JIT, on a platform of their own; nothing of
     * it is reported.
     */
    private void warmUp(Servers servers) throws Exception {
        System.out.println("Warm-up (not reported): the selected saga, command and replication workloads on a "
                + "throwaway platform");
        Results ignored = new Results("warm-up");
        try (Platform platform = Platform.start("warmup", servers, Map.of(), nodes)) {
            measureLive(platform, servers, ignored);
        }
    }

    static Map<String, String> peerProperties() throws Exception {
        Properties properties = new Properties();
        try (InputStream in = Bench.class.getResourceAsStream("/peer.properties")) {
            properties.load(in);
        }
        Map<String, String> map = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key)));
        return map;
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII)
                    .split(" ");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (Exception e) {
            return "%.2f".formatted(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static double memoryGiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0;
                }
            }
        } catch (Exception e) {
            // Not Linux: the figure is only context.
        }
        return 0;
    }

    private static String gitCommit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            String dirty = new String(
                    new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no")
                            .start()
                            .getInputStream()
                            .readAllBytes(),
                    StandardCharsets.UTF_8);
            return git.waitFor() == 0 ? out + (dirty.isBlank() ? "" : " (with uncommitted changes)") : "unknown";
        } catch (Exception e) {
            return "unknown";
        }
    }
}
