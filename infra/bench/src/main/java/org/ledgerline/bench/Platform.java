package org.ledgerline.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.ledgerline.http.TokenIssuer;
import org.ledgerline.platform.LedgerlinePlatform;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One platform on a fresh database of the run's PostgreSQL and the run's Kafka broker: its first node started in this
 * JVM, and with {@code nodes > 1} the others each in a JVM of its own ({@link Node}) on the same database and broker,
 * as several deployed nodes share them (docs/scaling.md). With several nodes every read model and the saga get one
 * segment per node, and the segment balancer spreads them, the saga's included (ADR 0023); HTTP load is spread over
 * every node's port ({@link #baseUrl(int)}), the command gateway and the event store are the first node's.
 */
final class Platform implements AutoCloseable {

    /** A line the node JVM prints for the driver (the rest of its output is its log). */
    static final String PROTOCOL = "bench-node: ";

    final String name;
    final String database;
    final String topicPrefix;
    final ConfigurableApplicationContext context;
    final int port;
    private final List<Node> others;
    private final Path dataDirectory;
    private final Servers servers;

    private Platform(
            String name,
            String database,
            String topicPrefix,
            ConfigurableApplicationContext context,
            List<Node> others,
            Path dataDirectory,
            Servers servers) {
        this.name = name;
        this.database = database;
        this.topicPrefix = topicPrefix;
        this.context = context;
        this.others = others;
        this.dataDirectory = dataDirectory;
        this.servers = servers;
        this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0"));
    }

    static Platform start(String name, Servers servers, Map<String, String> overrides) throws Exception {
        return start(name, servers, overrides, 1);
    }

    /**
     * @param overrides properties of this configuration (the peer's), applied over the bench's own
     * @param nodes     platform nodes: the first in this JVM, the others in JVMs of their own
     */
    static Platform start(String name, Servers servers, Map<String, String> overrides, int nodes) throws Exception {
        String database = servers.newDatabase(name);
        String topicPrefix = "bench-" + name + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        // One data directory for every node: the first generates the token signing key there, the others read it,
        // so a token issued by one node is good on all (docs/scaling.md).
        Path dataDirectory = Files.createTempDirectory("ledgerline-bench-data-");
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", servers.jdbcUrl(database));
        properties.put("spring.datasource.username", servers.user);
        properties.put("spring.datasource.password", servers.password);
        properties.put("ledgerline.embedded.enabled", "false");
        properties.put("ledgerline.embedded.data-directory", dataDirectory.toString());
        properties.put("ledgerline.kafka.bootstrap-servers", servers.kafkaBootstrapServers());
        properties.put("ledgerline.replication.topic-prefix", topicPrefix);
        properties.put("server.port", "0");
        // The per-caller limit (50 commands/s) would measure the limiter: off (0: no check at all, not even the
        // database round trips of a limit too high to reach), so few callers can load the platform.
        // LEDGERLINE_BENCH_RATE_LIMIT=<a limit too high to reach> measures what the shared limiter's check costs.
        properties.put(
                "ledgerline.rate-limit.commands-per-second",
                System.getenv().getOrDefault("LEDGERLINE_BENCH_RATE_LIMIT", "0"));
        properties.put("ledgerline.admin.email", "");
        properties.put("axon.update-check.disabled", "true");
        properties.put("spring.main.banner-mode", "off");
        properties.put("logging.level.root", "WARN");
        properties.put("logging.level.org.ledgerline", "WARN");
        properties.put("logging.level.org.axonframework", "ERROR");
        properties.put("logging.level.org.apache.kafka", "ERROR");
        properties.put("logging.level.kafka", "ERROR");
        if (nodes > 1) {
            // What the deployment files do for N nodes: one segment of the shared read-model processor per node,
            // spread by the segment balancer (its default list); the saga keeps its one segment (ADR 0021), active on
            // one node, and the replicator its one.
            properties.put("ledgerline.projections.segments", Integer.toString(nodes));
        }
        properties.putAll(overrides);
        List<Node> others = new ArrayList<>();
        ConfigurableApplicationContext context = null;
        try {
            context = run(properties, name + "-node-1");
            List<Thread> starting = new ArrayList<>();
            for (int n = 2; n <= nodes; n++) {
                Node node = new Node(name + "-node-" + n, properties);
                others.add(node);
                starting.add(Thread.ofPlatform().start(node::awaitReady));
            }
            for (Thread thread : starting) {
                thread.join();
            }
            for (Node node : others) {
                node.check();
            }
        } catch (Exception | Error e) {
            others.forEach(Node::close);
            if (context != null) {
                context.close();
            }
            servers.dropDatabase(database);
            throw e;
        }
        Platform platform = new Platform(name, database, topicPrefix, context, others, dataDirectory, servers);
        Usage.watch(new Usage.Watched(
                others.stream().map(node -> node.process.toHandle()).toList(),
                servers.postmasterPid,
                new DatabaseCounters(servers, database)));
        if (nodes > 1) {
            System.out.println(name + ": " + nodes + " platform nodes, HTTP ports " + platform.ports());
        }
        return platform;
    }

    private static ConfigurableApplicationContext run(Map<String, String> properties, String nodeId) {
        List<String> args = new ArrayList<>();
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        args.add("--ledgerline.node-id=" + nodeId);
        return new SpringApplicationBuilder(LedgerlinePlatform.class).run(args.toArray(String[]::new));
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    String token(UUID user, String... roles) {
        return bean(TokenIssuer.class).issue(user, Set.of(roles)).accessToken();
    }

    /** The first node's address. */
    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The address of node {@code i} modulo the nodes: callers spread over every node as a load balancer would. */
    String baseUrl(int i) {
        List<Integer> ports = ports();
        return "http://127.0.0.1:" + ports.get(Math.floorMod(i, ports.size()));
    }

    int nodes() {
        return others.size() + 1;
    }

    List<Integer> ports() {
        List<Integer> ports = new ArrayList<>(List.of(port));
        others.forEach(node -> ports.add(node.port));
        return ports;
    }

    /** Stops the given processing groups on every node (e.g. the saga while the command path is measured alone). */
    void stopProcessors(String... names) {
        EventProcessingConfiguration processing = bean(EventProcessingConfiguration.class);
        for (String processor : names) {
            processing.eventProcessor(processor).ifPresent(EventProcessor::shutDown);
            others.forEach(node -> node.command("stop " + processor));
        }
    }

    void stopAllProcessors() {
        bean(EventProcessingConfiguration.class).eventProcessors().values().forEach(EventProcessor::shutDown);
        others.forEach(node -> node.command("stop-all"));
    }

    @Override
    public void close() {
        Usage.unwatch();
        try {
            others.forEach(Node::close);
            context.close();
        } finally {
            servers.dropDatabase(database);
            try (Stream<Path> files = Files.walk(dataDirectory)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                System.err.println("Could not delete " + dataDirectory + ": " + e.getMessage());
            }
        }
    }

    /**
     * Another node of the platform: this JVM's class path and options, {@link #main} in a process of its own, told
     * what to do on its standard input ("stop &lt;processor&gt;", "stop-all"; closed: stop) and answering on its
     * standard output (lines starting with {@link #PROTOCOL}; the rest is its log, passed on).
     */
    static final class Node {

        final String id;
        final Process process;
        private final PrintStream input;
        private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        private volatile int port;
        private volatile Exception failure;

        Node(String id, Map<String, String> properties) throws IOException {
            this.id = id;
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(arg -> !arg.startsWith("-agentlib") && !arg.startsWith("-javaagent"))
                    .toList());
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Node.class.getName()));
            properties.forEach((key, value) -> command.add("--" + key + "=" + value));
            command.add("--ledgerline.node-id=" + id);
            this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, id + "-stop"));
            this.input = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
            Thread.ofPlatform().daemon().name(id + "-output").start(this::readOutput);
        }

        private void readOutput() {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith(PROTOCOL)) {
                        answers.add(line.substring(PROTOCOL.length()));
                    } else {
                        System.out.println("[" + id + "] " + line);
                    }
                }
            } catch (IOException e) {
                // The node ended.
            }
            answers.add("exited");
        }

        /** Waits for "ready &lt;port&gt;" (a start takes seconds to a minute on a busy machine). */
        void awaitReady() {
            try {
                String answer = answers.poll(5, TimeUnit.MINUTES);
                if (answer == null || !answer.startsWith("ready ")) {
                    throw new IllegalStateException("Node " + id + " did not start: " + answer);
                }
                port = Integer.parseInt(answer.substring("ready ".length()));
            } catch (Exception e) {
                failure = e;
            }
        }

        void check() throws Exception {
            if (failure != null) {
                throw failure;
            }
        }

        /** Sends a command and waits for its "done". */
        void command(String line) {
            input.println(line);
            try {
                String answer = answers.poll(2, TimeUnit.MINUTES);
                if (!("done " + line).equals(answer)) {
                    throw new IllegalStateException("Node " + id + " answered " + answer + " to " + line);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Closes its input (it stops gracefully: releases its claims, deletes its heartbeat), else kills it. */
        void close() {
            input.close();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }

        /** The node's side: starts the platform with the given properties, then obeys its standard input. */
        public static void main(String[] args) throws Exception {
            ConfigurableApplicationContext context = new SpringApplicationBuilder(LedgerlinePlatform.class).run(args);
            EventProcessingConfiguration processing = context.getBean(EventProcessingConfiguration.class);
            System.out.println(PROTOCOL + "ready " + context.getEnvironment().getProperty("local.server.port"));
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                if (line.equals("stop-all")) {
                    processing.eventProcessors().values().forEach(EventProcessor::shutDown);
                } else if (line.startsWith("stop ")) {
                    processing.eventProcessor(line.substring("stop ".length())).ifPresent(EventProcessor::shutDown);
                }
                System.out.println(PROTOCOL + "done " + line);
            }
            context.close();
            System.exit(0);
        }
    }
}
