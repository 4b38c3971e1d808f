package org.ledgerline.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.ledgerline.fault.Observed.KafkaRecord;
import org.ledgerline.fault.Observed.StoredEvent;
import org.ledgerline.testsupport.TestInfrastructure;
import tools.jackson.databind.JsonNode;

/**
 * One run of the fault suite: PostgreSQL and the packaged platform as processes of their own, the mixed load, the
 * kills and restarts in a seeded order at seeded moments, then everything the invariants need, collected once the
 * platform has settled.
 */
final class FaultRun {

    static final String ADMIN_EMAIL = "admin@ledgerline.local";
    static final String ADMIN_PASSWORD = "fault-suite-admin-password";
    static final List<String> READ_MODELS = List.of("orders", "products", "users");
    static final List<String> READ_MODEL_TABLES =
            List.of("orders", "order_lines", "products", "product_reservations", "users", "user_roles", "accounts");
    /** How long a key whose first request never finished blocks its retries (the platform's default is 1 min). */
    static final Duration IDEMPOTENCY_STALE_AFTER = Duration.ofSeconds(10);

    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration LOAD_PROGRESS_TIMEOUT = Duration.ofMinutes(3);
    /** STUCK (no progress for the configured 30 s) and unchanged this long more: waiting longer changes nothing. */
    private static final Duration STUCK_PATIENCE = Duration.ofSeconds(45);

    record Settings(
            Path jar,
            Path workDirectory,
            int platformKills,
            int postgresKills,
            int clients,
            long seed,
            String kafkaBootstrapServers) {

        /**
         * The run the {@code -Dfault.*} properties ask for, with this many kills: the packaged platform (asserted to
         * be built), the work directory, the clients, and the seed ({@code -Dfault.seed} replays one; else a fresh
         * one), on the test JVM's Kafka.
         */
        static Settings fromSystemProperties(int platformKills, int postgresKills) {
            String seed = System.getProperty("fault.seed", "");
            Settings settings = new Settings(
                    Path.of(System.getProperty("fault.platform-jar", "../platform/target/ledgerline-platform.jar"))
                            .toAbsolutePath()
                            .normalize(),
                    Path.of(System.getProperty("fault.work-directory", "target/fault"))
                            .toAbsolutePath(),
                    platformKills,
                    postgresKills,
                    Integer.getInteger("fault.clients", 4),
                    seed.isBlank() ? System.nanoTime() ^ System.currentTimeMillis() : Long.parseLong(seed),
                    TestInfrastructure.kafkaBootstrapServers());
            assertThat(settings.jar())
                    .as("the packaged platform (./mvnw verify builds it before this module)")
                    .isRegularFile();
            return settings;
        }
    }

    record Outcome(
            Observed observed,
            Invariants.Result result,
            int platformKills,
            int postgresKills,
            long sent,
            long acknowledged,
            List<String> notes) {}

    private final Settings settings;
    private final Random random;
    private final String run;
    private final String topicPrefix;
    private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
    private int platformKills;
    private int postgresKills;
    private String postgresSettings = "";

    FaultRun(Settings settings) {
        this.settings = settings;
        this.random = new Random(settings.seed());
        this.run = Long.toString(Math.abs(settings.seed() % 1_000_000_007L), 36);
        this.topicPrefix = "fault" + run;
    }

    Settings settings() {
        return settings;
    }

    String topicPrefix() {
        return topicPrefix;
    }

    Random random() {
        return random;
    }

    List<String> notes() {
        return notes;
    }

    /** This run's directory under the work directory: platform logs, PostgreSQL data, the command journal. */
    Path workDirectory() throws IOException {
        Path work = settings.workDirectory().resolve("run-" + run + "-" + System.currentTimeMillis());
        Files.createDirectories(work);
        log("work directory " + work + " (platform logs, PostgreSQL data)");
        return work;
    }

    String run() {
        return run;
    }

    /** Notes the PostgreSQL's durability settings for the {@code postgres-durable} invariant. */
    String recordDurability(PostgresProcess postgres) {
        postgresSettings = postgres.durability();
        return postgresSettings;
    }

    Outcome execute() throws Exception {
        Path work = workDirectory();
        try (PostgresProcess postgres = PostgresProcess.start(work.resolve("postgres"))) {
            int port = FreePort.pick();
            int managementPort = FreePort.pick();
            while (managementPort == port) {
                managementPort = FreePort.pick();
            }
            Api api = new Api(port);
            PlatformProcess platform = new PlatformProcess(
                    settings.jar(), work, environment(postgres, port, managementPort), api, new Api(managementPort));
            try {
                platform.start();
                postgresSettings = postgres.durability();
                log("platform up (pid " + platform.pid() + "), PostgreSQL postmaster pid " + postgres.postmasterPid()
                        + " " + postgresSettings);
                String admin = api.token(ADMIN_EMAIL, ADMIN_PASSWORD);
                Gate gate = new Gate();
                Load load = new Load(api, gate, run, admin, settings.seed());
                load.prepare();
                load.start(settings.clients());
                for (Fault fault : schedule()) {
                    awaitLoad(load, 15 + random.nextInt(60));
                    if (fault == Fault.POSTGRES) {
                        killPostgres(postgres, platform, gate, load);
                    } else {
                        killPlatform(platform, gate);
                    }
                }
                awaitLoad(load, 20);
                load.stop();
                log("load stopped: " + load.exchanges.size() + " commands sent, " + load.acknowledged.get()
                        + " acknowledged, " + load.failedAttempts.get() + " attempts failed and were retried");
                journal(work, load);
                Observed observed = observe(postgres, api, admin, load);
                Invariants.Result result = Invariants.check(observed);
                return new Outcome(
                        observed,
                        result,
                        platformKills,
                        postgresKills,
                        load.exchanges.size(),
                        load.acknowledged.get(),
                        List.copyOf(notes));
            } finally {
                platform.close();
            }
        }
    }

    private enum Fault {
        PLATFORM,
        POSTGRES
    }

    /** Every command as the client saw it, one per line, for the post-mortem of a failed run. */
    static void journal(Path work, Load load) throws IOException {
        List<String> lines = new ArrayList<>(List.of("kind\tpath\tkey\tstatus\tattempts\tposition\trequest\tresponse"));
        for (Exchange e : load.exchanges) {
            lines.add(String.join(
                    "\t",
                    e.kind.name(),
                    e.path,
                    e.key,
                    Integer.toString(e.status),
                    String.valueOf(e.attempts),
                    String.valueOf(e.position),
                    e.body,
                    String.valueOf(e.responseBody)));
        }
        Files.write(work.resolve("commands.tsv"), lines);
    }

    /** The kills in a seeded order; a PostgreSQL kill never comes first, so the platform has run a while. */
    private List<Fault> schedule() {
        List<Fault> faults = new ArrayList<>();
        for (int i = 0; i < settings.platformKills(); i++) {
            faults.add(Fault.PLATFORM);
        }
        for (int i = 0; i < settings.postgresKills(); i++) {
            faults.add(1 + random.nextInt(faults.size()), Fault.POSTGRES);
        }
        log("schedule: " + faults);
        return faults;
    }

    void awaitLoad(Load load, int more) {
        long target = load.acknowledged.get() + more;
        try {
            Awaitility.await("load: " + more + " more commands acknowledged")
                    .atMost(LOAD_PROGRESS_TIMEOUT)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> load.acknowledged.get() >= target);
        } catch (ConditionTimeoutException e) {
            notes.add("the load acknowledged fewer than " + more + " commands in " + LOAD_PROGRESS_TIMEOUT);
        }
    }

    private void killPlatform(PlatformProcess platform, Gate gate) throws InterruptedException {
        platformKills++;
        restartPlatform(platform, gate);
    }

    private void restartPlatform(PlatformProcess platform, Gate gate) throws InterruptedException {
        gate.close();
        long pid = platform.pid();
        platform.kill();
        log("kill -9 platform (pid " + pid + "), restart " + (platform.starts() + 1));
        platform.start();
        gate.open();
    }

    private void killPostgres(PostgresProcess postgres, PlatformProcess platform, Gate gate, Load load)
            throws InterruptedException {
        long pid = postgres.postmasterPid();
        long failedBefore = load.failedAttempts.get();
        log("kill -9 PostgreSQL (postmaster pid " + pid + " and its processes; zonky's pg_ctl stop that follows finds "
                + "nothing to stop and logs an error: expected)");
        postgres.kill();
        postgresKills++;
        try {
            Awaitility.await("requests failing while PostgreSQL is down")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> load.failedAttempts.get() >= failedBefore + 3);
        } catch (ConditionTimeoutException e) {
            notes.add("no request failed in the 20 s PostgreSQL was down");
        }
        postgres.restart();
        log("PostgreSQL restarted on the same data directory (postmaster pid " + postgres.postmasterPid() + ")");
        try {
            Awaitility.await("platform ready again after PostgreSQL came back")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .until(platform::ready);
        } catch (ConditionTimeoutException e) {
            notes.add("the platform was not ready 2 min after PostgreSQL came back; killed and restarted it (not "
                    + "counted as a kill)");
            restartPlatform(platform, gate);
        }
    }

    /** The platform's whole configuration, as environment variables (README's table). */
    Map<String, String> environment(PostgresProcess postgres, int port, int managementPort) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LEDGERLINE_DB_URL", postgres.jdbcUrl());
        env.put("LEDGERLINE_DB_USER", "postgres");
        env.put("LEDGERLINE_DB_PASSWORD", "");
        env.put("LEDGERLINE_DB_POOL_SIZE", "10");
        env.put("LEDGERLINE_EMBEDDED", "false");
        env.put("LEDGERLINE_KAFKA_BOOTSTRAP_SERVERS", settings.kafkaBootstrapServers());
        env.put("LEDGERLINE_KAFKA_TOPIC_PREFIX", topicPrefix);
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("LEDGERLINE_MANAGEMENT_PORT", Integer.toString(managementPort));
        env.put("LEDGERLINE_RATE_LIMIT", "0");
        env.put("LEDGERLINE_SIGN_UP_PER_ADDRESS", "0"); // the load signs up many customers from one address
        env.put("LEDGERLINE_SIGN_IN_PER_ADDRESS", "0");
        env.put("LEDGERLINE_IDEMPOTENCY_STALEAFTER", IDEMPOTENCY_STALE_AFTER.toSeconds() + "s");
        env.put("LEDGERLINE_ADMIN_EMAIL", ADMIN_EMAIL);
        env.put("LEDGERLINE_ADMIN_PASSWORD", ADMIN_PASSWORD);
        // A fixed key: tokens issued before a crash stay valid after it, as with a configured production key.
        env.put("LEDGERLINE_JWT_SECRET", "fault-suite-signing-key-0123456789abcdef");
        // Short saga timeouts so every saga settles within seconds of the load stopping.
        env.put("LEDGERLINE_SAGA_TIMEOUT_RESERVE_STOCK", "5s");
        env.put("LEDGERLINE_SAGA_TIMEOUT_CHARGE_PAYMENT", "5s");
        env.put("LEDGERLINE_SAGA_TIMEOUT_CONFIRM_ORDER", "5s");
        env.put("LEDGERLINE_SAGA_TIMEOUT_COMMIT_STOCK", "5s");
        env.put("LEDGERLINE_SAGA_TIMEOUT_COMPENSATION", "3s");
        env.put("LEDGERLINE_SAGA_STUCK_AFTER", "30s");
        env.put("LEDGERLINE_SAGA_DEADLINE_POLLING", "500ms");
        env.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        return env;
    }

    /** Waits until everything has settled, then collects all the invariants need (through any live node). */
    Observed observe(PostgresProcess postgres, Api api, String admin, Load load) throws Exception {
        AtomicReference<List<String>> unsettled = new AtomicReference<>(List.of());
        AtomicLong unchangedSince = new AtomicLong(System.nanoTime());
        long started = System.nanoTime();
        try {
            Awaitility.await("sagas, projections and replication settled")
                    .atMost(SETTLE_TIMEOUT)
                    .pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions()
                    .until(() -> {
                        List<String> now = unsettled(postgres, api, admin);
                        if (!now.equals(unsettled.getAndSet(now))) {
                            unchangedSince.set(System.nanoTime());
                        }
                        return now.isEmpty() || onlyStuckFor(now, unchangedSince.get(), STUCK_PATIENCE);
                    });
            log((unsettled.get().isEmpty() ? "settled in " : "gave up settling (only STUCK sagas, no change) after ")
                    + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
        } catch (ConditionTimeoutException e) {
            log("not settled after " + SETTLE_TIMEOUT + ": " + unsettled.get());
        }
        Observed.Replays replays = replay(postgres, api, load);
        List<StoredEvent> events = events(postgres);
        Observed.QueryApi query = queryApi(api, admin, load, events);
        List<Observed.Saga> sagas = sagas(api, admin, null);
        Observed.ReadModels readModels = readModels(postgres, api, admin);
        List<KafkaRecord> kafka = kafka();
        List<String> problems = unsettled.get().stream()
                .map(p -> "not settled after the load: " + p)
                .toList();
        return new Observed(
                List.copyOf(load.exchanges),
                events,
                query,
                sagas,
                replays,
                readModels,
                kafka,
                List.copyOf(load.keysLeftInUse),
                problems,
                postgresSettings);
    }

    private static boolean onlyStuckFor(List<String> problems, long unchangedSince, Duration patience) {
        return problems.stream().allMatch(p -> p.contains(" STUCK at ") || p.contains(" FAILED at "))
                && System.nanoTime() - unchangedSince > patience.toNanos();
    }

    /** What still moves: sagas not ended, orders not final, processors or replication behind. Empty: settled. */
    private List<String> unsettled(PostgresProcess postgres, Api api, String admin) throws Exception {
        List<String> problems = new ArrayList<>();
        for (Observed.Saga saga : sagas(api, admin, null)) {
            boolean waitingForShipment = saga.state().equals("RUNNING") && "AWAIT_SHIPMENT".equals(saga.currentStep());
            if (!saga.state().equals("COMPLETED") && !saga.state().equals("COMPENSATED") && !waitingForShipment) {
                problems.add("saga " + saga.sagaId() + " of order " + saga.orderId() + " " + saga.state() + " at "
                        + saga.currentStep());
            }
        }
        try (Connection connection = postgres.connect();
                Statement statement = connection.createStatement();
                ResultSet pending = statement.executeQuery("""
                     SELECT aggregateidentifier FROM domainevententry WHERE payloadtype LIKE '%.OrderPlaced'
                     EXCEPT SELECT aggregateidentifier FROM domainevententry WHERE payloadtype ~
                       '\\.Order(Confirmed|Rejected|Cancelled|Shipped|Delivered)$'""")) {
            while (pending.next()) {
                problems.add("order " + pending.getString(1) + " PENDING");
            }
        }
        JsonNode processors = api.get("/api/v1/admin/processors", admin).json();
        for (JsonNode processor : processors.isArray() ? processors : processors.path("items")) {
            if (!processor.path("caughtUp").asBoolean()
                    || "ERROR".equals(processor.path("status").asString())) {
                problems.add("processor " + processor.path("name").asString() + " "
                        + processor.path("status").asString() + " lag "
                        + processor.path("lag").asString());
            }
        }
        JsonNode replication = api.get("/api/v1/admin/replication", admin).json();
        if (replication.path("lagEvents").asLong() != 0) {
            problems.add("replication lag " + replication.path("lagEvents").asLong() + " events");
        }
        return problems;
    }

    private List<Observed.Saga> sagas(Api api, String admin, String state) throws Exception {
        List<Observed.Saga> sagas = new ArrayList<>();
        String cursor = null;
        do {
            String path = "/api/v1/sagas?limit=200" + (state == null ? "" : "&state=" + state)
                    + (cursor == null ? "" : "&cursor=" + java.net.URLEncoder.encode(cursor, "UTF-8"));
            Api.Answer answer = api.get(path, admin);
            if (answer.status() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + answer.status() + ": " + answer.body());
            }
            JsonNode page = answer.json();
            for (JsonNode item : page.path("items")) {
                sagas.add(new Observed.Saga(
                        item.path("sagaId").asString(), item.path("orderId").asString(),
                        item.path("state").asString(), item.path("currentStep").asString()));
            }
            JsonNode next = page.path("nextCursor");
            cursor = next.isNull() || next.isMissingNode() ? null : next.asString();
        } while (cursor != null);
        return sagas;
    }

    /** Sends answered keys again (a seeded sample of every kind): same answer, nothing written. */
    private Observed.Replays replay(PostgresProcess postgres, Api api, Load load) throws Exception {
        List<Exchange> answered = new ArrayList<>(load.exchanges.stream()
                .filter(Exchange::answered)
                .filter(e -> !load.keysLeftInUse.contains(e))
                .toList());
        Collections.shuffle(answered, random);
        List<Exchange> sample = new ArrayList<>(
                answered.stream().filter(e -> e.uncertain).limit(20).toList());
        answered.stream()
                .filter(e -> !sample.contains(e))
                .limit(Math.max(0, 40 - sample.size()))
                .forEach(sample::add);
        long before = head(postgres);
        List<Observed.Replay> replays = new ArrayList<>();
        for (Exchange exchange : sample) {
            Api.Answer answer = api.post(exchange.path, exchange.token, exchange.key, exchange.body);
            replays.add(new Observed.Replay(
                    exchange,
                    answer.status(),
                    answer.body(),
                    answer.header("Location"),
                    "true".equals(answer.header("Idempotent-Replayed"))));
        }
        long after = head(postgres);
        List<StoredEvent> written =
                events(postgres).stream().filter(e -> e.position() > before).toList();
        return new Observed.Replays(replays, before, after, written);
    }

    private static long head(PostgresProcess postgres) throws SQLException {
        try (Connection connection = postgres.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT coalesce(max(globalindex), 0) FROM domainevententry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<StoredEvent> events(PostgresProcess postgres) throws SQLException {
        List<StoredEvent> events = new ArrayList<>();
        try (Connection connection = postgres.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("""
                     SELECT globalindex, aggregateidentifier, sequencenumber, eventidentifier, payloadtype,
                            convert_from(payload, 'UTF8') FROM domainevententry ORDER BY globalindex""")) {
            while (rs.next()) {
                String type = rs.getString(5);
                events.add(new StoredEvent(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getString(4),
                        type.substring(type.lastIndexOf('.') + 1),
                        Api.JSON.readTree(rs.getString(6))));
            }
        }
        return events;
    }

    private Observed.QueryApi queryApi(Api api, String admin, Load load, List<StoredEvent> events) throws Exception {
        Map<String, BigDecimal> balances = new LinkedHashMap<>();
        for (Load.Customer customer : load.customers) {
            Api.Answer answer = api.get("/api/v1/accounts/" + customer.id(), admin);
            balances.put(
                    customer.id().toString(),
                    answer.status() == 200
                            ? Invariants.Ledger.money(answer.json().path("balance"))
                            : null);
        }
        Set<String> products = new TreeSet<>();
        Set<String> orders = new TreeSet<>();
        for (StoredEvent event : events) {
            if (event.type().equals("ProductCreated")) {
                products.add(event.aggregateId());
            } else if (event.type().equals("OrderPlaced")) {
                orders.add(event.aggregateId());
            }
        }
        load.products.forEach(id -> products.add(id.toString()));
        load.orders.forEach(order -> orders.add(order.id().toString()));
        Map<String, int[]> stock = new LinkedHashMap<>();
        for (String product : products) {
            Api.Answer answer = api.get("/api/v1/products/" + product, admin);
            stock.put(
                    product,
                    answer.status() == 200
                            ? new int[] {
                                answer.json().path("available").asInt(),
                                answer.json().path("reserved").asInt()
                            }
                            : null);
        }
        Map<String, String> statuses = new LinkedHashMap<>();
        for (String order : orders) {
            Api.Answer answer = api.get("/api/v1/orders/" + order, admin);
            statuses.put(
                    order, answer.status() == 200 ? answer.json().path("status").asString() : null);
        }
        return new Observed.QueryApi(balances, stock, statuses);
    }

    /** The live read-model tables, then a blue/green rebuild of each model from the store, then the tables again. */
    private Observed.ReadModels readModels(PostgresProcess postgres, Api api, String admin) throws Exception {
        Map<String, List<String>> live = tables(postgres);
        List<String> errors = new ArrayList<>();
        for (String model : READ_MODELS) {
            String path = "/api/v1/admin/read-models/" + model + "/rebuild";
            Api.Answer started = api.post(path, admin, null, null);
            if (started.status() != 202) {
                errors.add("rebuild of " + model + " answered " + started.status() + ": " + started.body());
                continue;
            }
            AtomicReference<String> state = new AtomicReference<>();
            try {
                Awaitility.await("rebuild of " + model)
                        .atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> {
                            JsonNode status = api.get(path, admin).json();
                            state.set(status.path("state").asString() + " "
                                    + status.path("error").asString());
                            return Set.of("DONE", "FAILED")
                                    .contains(status.path("state").asString());
                        });
            } catch (ConditionTimeoutException e) {
                errors.add("rebuild of " + model + " not done in 3 min: " + state.get());
            }
            if (state.get() != null && !state.get().startsWith("DONE")) {
                errors.add("rebuild of " + model + " ended " + state.get());
            }
        }
        return new Observed.ReadModels(live, tables(postgres), errors);
    }

    private static Map<String, List<String>> tables(PostgresProcess postgres) throws SQLException {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        try (Connection connection = postgres.connect()) {
            for (String table : READ_MODEL_TABLES) {
                List<String> rows = new ArrayList<>();
                try (PreparedStatement statement =
                                connection.prepareStatement("SELECT t::text FROM public." + table + " t ORDER BY 1");
                        ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
                tables.put(table, rows);
            }
        }
        return tables;
    }

    /** Every record of the run's topics, from the beginning to the end offsets as they are now. */
    private List<KafkaRecord> kafka() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<KafkaRecord> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.listTopics(Duration.ofSeconds(30)).forEach((topic, infos) -> {
                if (topic.startsWith(topicPrefix + ".")) {
                    infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
                }
            });
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Awaitility.await("Kafka replica read to its end")
                    .atMost(Duration.ofMinutes(2))
                    .pollInSameThread()
                    .until(() -> {
                        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                            String sequence = header(record, "ledgerline_sequence");
                            records.add(new KafkaRecord(
                                    record.topic(),
                                    record.partition(),
                                    record.offset(),
                                    record.key(),
                                    header(record, "ce_id"),
                                    sequence == null ? null : Long.valueOf(sequence)));
                        }
                        return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
                    });
        }
        return records;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    static void log(String line) {
        System.out.println("[fault] " + line);
    }

    /** A free TCP port for the platform, kept across its restarts so clients always find it. */
    static final class FreePort {
        static int pick() throws IOException {
            try (java.net.ServerSocket socket =
                    new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            }
        }
    }
}
