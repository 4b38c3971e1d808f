package org.ledgerline.fault;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.ledgerline.fault.Observed.StoredEvent;

/**
 * Several nodes, one of them killed: {@code nodes} packaged platforms (separate JVMs) on one PostgreSQL and one Kafka
 * broker, the mixed load spread over all of them by a balancing client ({@link Api} with several ports; a request cut
 * off by the kill is sent again with the same key and lands on another node), then {@code kill -9} of the node that
 * holds the most processor segments, mid-load. What it measures and checks besides every invariant of the fault
 * suite: the dead node's token claims move to live nodes (how long it takes), the saga deadlines waiting when it died
 * (scheduled by it: it ran the saga's segment) all end, those it had picked are run again by a live node, and no order
 * is charged or reserved twice.
 */
final class MultiNodeRun {

    /**
     * The dead node's claims must have moved within this: Axon's claim timeout (10 s) plus a claim attempt of the
     * processors (every 5 s) on a busy machine. A bound on correctness, not a speed target: the figure is reported.
     */
    static final Duration TAKEOVER_BOUND = Duration.ofSeconds(90);

    /** The processors the segment balancer spreads by default (ADR 0023), and how long spreading may take. */
    /** The processor the read models share (ADR 0025): its segments are what the balancer spreads. */
    static final List<String> READ_MODEL_PROCESSORS = List.of("read-models");

    static final Duration SPREAD_BOUND = Duration.ofSeconds(90);

    /** A deadline a dead node picked is run again after 6 missed heartbeats of 5 s; this is that and a margin. */
    static final Duration ORPHANED_DEADLINE_BOUND = Duration.ofSeconds(120);

    record Claim(String processor, int segment, String owner) {}

    record Deadline(String instance, boolean picked, String pickedBy) {}

    record Takeover(
            String victim,
            Map<String, Long> claimsBefore,
            List<Claim> victimClaims,
            long takeoverMillis,
            Map<String, Long> claimsAfter,
            List<String> problems,
            long requestsCutOff,
            long ordersCutOff,
            long sagasInFlight,
            List<Deadline> deadlinesAtKill,
            List<String> deadlinesLeft,
            Map<String, Long> duplicates) {}

    record Outcome(FaultRun.Outcome fault, Takeover takeover) {}

    private final FaultRun base;
    private final int nodes;
    private final String claimTimeout;
    private final String segments;
    private final String sagaSegments;

    /**
     * @param claimTimeout Axon's token claim timeout given to every node ({@code AXON_EVENTHANDLING_TOKENSTORE_CLAIMTIMEOUT});
     *                     null keeps the platform's default. An absurd one shows the takeover check failing.
     * @param segments     segments of the read models' processors on every node; null: the default
     * @param sagaSegments segments of the saga's processor on every node; null: the default
     */
    MultiNodeRun(FaultRun.Settings settings, int nodes, String claimTimeout, String segments, String sagaSegments) {
        if (nodes < 2) {
            throw new IllegalArgumentException("fault.nodes must be 2 or more, was " + nodes);
        }
        this.base = new FaultRun(settings);
        this.nodes = nodes;
        this.claimTimeout = claimTimeout;
        this.segments = segments;
        this.sagaSegments = sagaSegments;
    }

    Outcome execute() throws Exception {
        Path work = base.workDirectory();
        try (PostgresProcess postgres = PostgresProcess.start(work.resolve("postgres"))) {
            List<PlatformProcess> platforms = new ArrayList<>();
            List<Integer> ports = new ArrayList<>();
            Set<Integer> taken = new java.util.HashSet<>();
            try {
                for (int n = 1; n <= nodes; n++) {
                    int port = freePort(taken);
                    int managementPort = freePort(taken);
                    Path directory = java.nio.file.Files.createDirectories(work.resolve(node(n)));
                    Map<String, String> env = new LinkedHashMap<>(base.environment(postgres, port, managementPort));
                    env.put("LEDGERLINE_NODE_ID", node(n));
                    // Each node's sessions named in pg_stat_activity, so the post-mortem tells whose backend waits.
                    env.put("LEDGERLINE_DB_URL", postgres.jdbcUrl() + "?ApplicationName=" + node(n));
                    env.put("LEDGERLINE_DATA_DIR", directory.resolve("data").toString());
                    if (segments != null) {
                        env.put("LEDGERLINE_PROJECTIONS_SEGMENTS", segments);
                    }
                    if (sagaSegments != null) {
                        env.put("LEDGERLINE_SAGA_SEGMENTS", sagaSegments);
                    }
                    if (claimTimeout != null) {
                        env.put("AXON_EVENTHANDLING_TOKENSTORE_CLAIMTIMEOUT", claimTimeout);
                    }
                    platforms.add(new PlatformProcess(
                            base.settings().jar(), directory, env, new Api(port), new Api(managementPort)));
                    ports.add(port);
                }
                // The first alone (it migrates the database and creates the administrator), then the others at once.
                platforms.getFirst().start();
                List<Thread> starting = new ArrayList<>();
                List<Throwable> failed = java.util.Collections.synchronizedList(new ArrayList<>());
                for (PlatformProcess platform : platforms.subList(1, platforms.size())) {
                    starting.add(Thread.ofPlatform().start(() -> {
                        try {
                            platform.start();
                        } catch (RuntimeException e) {
                            failed.add(e);
                        }
                    }));
                }
                for (Thread thread : starting) {
                    thread.join();
                }
                if (!failed.isEmpty()) {
                    throw new IllegalStateException("A node did not start", failed.getFirst());
                }
                FaultRun.log(nodes + " nodes up: " + describe(platforms) + ", PostgreSQL "
                        + base.recordDurability(postgres));
                Api api = new Api(ports);
                String admin = api.token(FaultRun.ADMIN_EMAIL, FaultRun.ADMIN_PASSWORD);
                Load load = new Load(
                        api, new Gate(), base.run(), admin, base.settings().seed());
                load.prepare();
                load.start(base.settings().clients());
                base.awaitLoad(load, 40 + base.random().nextInt(60));
                Map<Integer, Long> answeredBy = load.answeredByPort();
                FaultRun.log("answers per node before the kill: " + answeredBy);
                List<String> problems = new ArrayList<>();
                if (!answeredBy.keySet().containsAll(ports)) {
                    problems.add("[load-spread] before the kill the load reached only the nodes on ports "
                            + answeredBy.keySet() + " of " + ports);
                }

                int readModelSegments = segments == null ? 1 : Integer.parseInt(segments);
                if (readModelSegments >= nodes) {
                    // Work spreads: with a segment per node, every node runs a segment of every read model.
                    long spreadFrom = System.nanoTime();
                    AtomicReference<List<Claim>> seen = new AtomicReference<>(List.of());
                    try {
                        Awaitility.await("every node holds a segment of every read model")
                                .atMost(SPREAD_BOUND)
                                .pollInterval(Duration.ofMillis(500))
                                .ignoreExceptions()
                                .until(() -> {
                                    seen.set(claims(postgres));
                                    return spread(seen.get(), nodes);
                                });
                        FaultRun.log("read-model segments spread over all nodes ("
                                + Duration.ofNanos(System.nanoTime() - spreadFrom)
                                        .toMillis() + " ms after the load "
                                + "reached them): " + perProcessor(seen.get()));
                    } catch (ConditionTimeoutException e) {
                        problems.add("[spread] within " + SPREAD_BOUND + " not every node held a segment of every "
                                + "read model: " + perProcessor(seen.get()));
                    }
                }

                Map<String, Long> claimsBefore = owners(claims(postgres));
                String victim = claimsBefore.entrySet().stream()
                        .filter(e -> e.getKey() != null && e.getKey().startsWith("node-"))
                        .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                        .map(Map.Entry::getKey)
                        .orElse(node(1));
                int victimIndex = Integer.parseInt(victim.substring("node-".length())) - 1;
                PlatformProcess dead = platforms.get(victimIndex);
                long cutBefore = load.cutOff();
                long cutOrdersBefore = load.cutOff(Exchange.Kind.PLACE_ORDER);

                long pid = dead.pid();
                dead.kill();
                long killedAt = System.nanoTime();
                List<Claim> victimClaims = claims(postgres).stream()
                        .filter(c -> victim.equals(c.owner()))
                        .toList();
                List<Deadline> deadlinesAtKill = deadlines(postgres);
                long sagasInFlight = sagasInFlight(postgres);
                FaultRun.log("kill -9 " + victim + " (pid " + pid + ") holding " + victimClaims.size()
                        + " segments " + victimClaims + "; claims before " + claimsBefore + "; " + sagasInFlight
                        + " sagas in flight, " + deadlinesAtKill.size() + " saga deadlines scheduled ("
                        + deadlinesAtKill.stream()
                                .filter(d -> victim.equals(d.pickedBy()))
                                .count() + " picked by " + victim + ")");

                Set<String> live = new java.util.TreeSet<>();
                for (int n = 1; n <= nodes; n++) {
                    if (n - 1 != victimIndex) {
                        live.add(node(n));
                    }
                }
                AtomicReference<List<Claim>> last = new AtomicReference<>(List.of());
                long takeoverMillis = -1;
                try {
                    Awaitility.await("every segment " + victim + " held claimed by a live node")
                            .atMost(TAKEOVER_BOUND)
                            .pollInterval(Duration.ofMillis(200))
                            .ignoreExceptions()
                            .until(() -> {
                                List<Claim> now = claims(postgres);
                                last.set(now);
                                return !now.isEmpty() && now.stream().allMatch(c -> live.contains(c.owner()));
                            });
                    takeoverMillis =
                            Duration.ofNanos(System.nanoTime() - killedAt).toMillis();
                    FaultRun.log("segments taken over in " + takeoverMillis + " ms: " + owners(last.get()));
                } catch (ConditionTimeoutException e) {
                    problems.add("[takeover] not every segment was claimed by a live node " + live + " within "
                            + TAKEOVER_BOUND + " of the kill: "
                            + last.get().stream()
                                    .filter(c -> !live.contains(c.owner()))
                                    .toList());
                }

                base.awaitLoad(load, 30);
                sessions(postgres, work, "load-end");
                load.stop();
                long requestsCutOff = load.cutOff() - cutBefore;
                long ordersCutOff = load.cutOff(Exchange.Kind.PLACE_ORDER) - cutOrdersBefore;
                FaultRun.log("load stopped: " + load.exchanges.size() + " commands sent, " + load.acknowledged.get()
                        + " acknowledged; answers per node " + load.answeredByPort() + "; " + requestsCutOff
                        + " requests cut off by the kill (" + ordersCutOff + " orders), each sent again elsewhere");
                FaultRun.journal(work, load);

                Observed observed = base.observe(postgres, api, admin, load);
                List<String> deadlinesLeft = deadlinesLeft(postgres, deadlinesAtKill, victim, killedAt);
                problems.addAll(deadlinesLeft);
                Map<String, Long> duplicates = duplicates(observed.events());
                duplicates.forEach((what, count) -> {
                    if (count > 0) {
                        problems.add("[no-double-effect] " + count + " orders " + what);
                    }
                });
                Invariants.Result result = Invariants.check(observed);
                Takeover takeover = new Takeover(
                        victim,
                        claimsBefore,
                        victimClaims,
                        takeoverMillis,
                        owners(claims(postgres)),
                        problems,
                        requestsCutOff,
                        ordersCutOff,
                        sagasInFlight,
                        deadlinesAtKill,
                        deadlinesLeft,
                        duplicates);
                return new Outcome(
                        new FaultRun.Outcome(
                                observed,
                                result,
                                1,
                                0,
                                load.exchanges.size(),
                                load.acknowledged.get(),
                                List.copyOf(base.notes())),
                        takeover);
            } finally {
                for (PlatformProcess platform : platforms) {
                    platform.close();
                }
            }
        }
    }

    /** PostgreSQL's sessions and who blocks whom, into the run's directory for the post-mortem. */
    private static void sessions(PostgresProcess postgres, Path work, String moment) {
        List<String> lines = new ArrayList<>();
        try (Connection connection = postgres.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("""
                     SELECT pid, application_name, state, wait_event_type, wait_event, pg_blocking_pids(pid),
                            now() - xact_start, left(regexp_replace(query, '\s+', ' ', 'g'), 160)
                     FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
                       AND state <> 'idle' ORDER BY xact_start""")) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= 8; i++) {
                    row.add(String.valueOf(rs.getObject(i)));
                }
                lines.add(String.join("\t", row));
            }
            java.nio.file.Files.write(work.resolve("sessions-" + moment + ".tsv"), lines);
        } catch (SQLException | java.io.IOException e) {
            FaultRun.log("sessions at " + moment + " unreadable: " + e.getMessage());
        }
    }

    private static String node(int n) {
        return "node-" + n;
    }

    private static int freePort(Set<Integer> taken) throws java.io.IOException {
        int port = FaultRun.FreePort.pick();
        while (!taken.add(port)) {
            port = FaultRun.FreePort.pick();
        }
        return port;
    }

    private static String describe(List<PlatformProcess> platforms) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < platforms.size(); i++) {
            parts.add(node(i + 1) + " pid " + platforms.get(i).pid());
        }
        return String.join(", ", parts);
    }

    /** Every processor segment's claim as {@code tokenentry} holds it (owner null: unclaimed). */
    /** Whether the read models' processor's segments are held by all {@code nodes} nodes. */
    static boolean spread(List<Claim> claims, int nodes) {
        for (String processor : READ_MODEL_PROCESSORS) {
            long owners = claims.stream()
                    .filter(c -> c.processor().equals(processor) && c.owner() != null)
                    .map(Claim::owner)
                    .distinct()
                    .count();
            if (owners < nodes) {
                return false;
            }
        }
        return true;
    }

    /** The owners of each processor's segments, in segment order. */
    static Map<String, List<String>> perProcessor(List<Claim> claims) {
        Map<String, List<String>> owners = new TreeMap<>();
        claims.stream()
                .sorted(java.util.Comparator.comparing(Claim::processor).thenComparingInt(Claim::segment))
                .forEach(c -> owners.computeIfAbsent(c.processor(), p -> new ArrayList<>())
                        .add(c.owner()));
        return owners;
    }

    static List<Claim> claims(PostgresProcess postgres) throws SQLException {
        List<Claim> claims = new ArrayList<>();
        try (Connection connection = postgres.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT processorname, segment, owner FROM tokenentry ORDER BY processorname, segment")) {
            while (rs.next()) {
                claims.add(new Claim(rs.getString(1), rs.getInt(2), rs.getString(3)));
            }
        }
        return claims;
    }

    private static Map<String, Long> owners(List<Claim> claims) {
        return claims.stream()
                .collect(Collectors.groupingBy(c -> String.valueOf(c.owner()), TreeMap::new, Collectors.counting()));
    }

    /** The saga deadlines in db-scheduler's table (Axon's task {@code AxonDeadline}). */
    private static List<Deadline> deadlines(PostgresProcess postgres) throws SQLException {
        List<Deadline> deadlines = new ArrayList<>();
        try (Connection connection = postgres.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT task_instance, picked, picked_by FROM scheduled_tasks"
                        + " WHERE task_name = 'AxonDeadline' ORDER BY execution_time")) {
            while (rs.next()) {
                deadlines.add(new Deadline(rs.getString(1), rs.getBoolean(2), rs.getString(3)));
            }
        }
        return deadlines;
    }

    private static long sagasInFlight(PostgresProcess postgres) throws SQLException {
        try (Connection connection = postgres.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM saga_instances WHERE state IN"
                        + " ('RUNNING', 'COMPENSATING') AND coalesce(current_step, '') <> 'AWAIT_SHIPMENT'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Each deadline scheduled when the node died must have run or been cancelled by now (the load stopped and the
     * run settled), and none may still be picked by the dead node: a live node ran again what it had picked.
     */
    private static List<String> deadlinesLeft(
            PostgresProcess postgres, List<Deadline> atKill, String victim, long killedAt) throws SQLException {
        List<String> left = new ArrayList<>();
        Set<String> instances = atKill.stream().map(Deadline::instance).collect(Collectors.toSet());
        boolean orphans = atKill.stream().anyMatch(d -> victim.equals(d.pickedBy()));
        if (orphans) {
            // The bound counts from the kill; the run has usually settled long before it.
            Duration remaining = ORPHANED_DEADLINE_BOUND.minusNanos(System.nanoTime() - killedAt);
            try {
                Awaitility.await("deadlines " + victim + " had picked run again by a live node")
                        .atMost(remaining.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : remaining)
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> deadlines(postgres).stream().noneMatch(d -> victim.equals(d.pickedBy())));
            } catch (ConditionTimeoutException e) {
                // reported below
            }
        }
        try (Connection connection = postgres.connect();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT task_instance, picked, picked_by, execution_time < now() FROM scheduled_tasks"
                                + " WHERE task_name = 'AxonDeadline'");
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                String instance = rs.getString(1);
                if (!instances.contains(instance)) {
                    continue;
                }
                if (victim.equals(rs.getString(3))) {
                    left.add("[deadline-taken-over] saga deadline " + instance + " still picked by the dead " + victim);
                } else if (rs.getBoolean(4) && !rs.getBoolean(2)) {
                    left.add("[deadline-taken-over] saga deadline " + instance + " due but never run");
                }
            }
        }
        return left;
    }

    /** Orders charged more than once, and order lines reserved more than once, straight from the store. */
    static Map<String, Long> duplicates(List<StoredEvent> events) {
        Map<String, Integer> charges = new HashMap<>();
        Map<String, Integer> reservations = new HashMap<>();
        for (StoredEvent event : events) {
            if (event.type().equals("AccountCharged")) {
                charges.merge(event.payload().path("orderId").asString(), 1, Integer::sum);
            } else if (event.type().equals("StockReserved")) {
                reservations.merge(
                        event.payload().path("orderId").asString() + "/" + event.aggregateId(), 1, Integer::sum);
            }
        }
        Map<String, Long> duplicates = new LinkedHashMap<>();
        duplicates.put(
                "charged twice", charges.values().stream().filter(n -> n > 1).count());
        duplicates.put(
                "with a line reserved twice",
                reservations.entrySet().stream()
                        .filter(e -> e.getValue() > 1)
                        .map(e -> e.getKey().substring(0, e.getKey().indexOf('/')))
                        .distinct()
                        .count());
        return duplicates;
    }
}
