package org.ledgerline.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ledgerline.testsupport.ConfigurationVariables;
import org.yaml.snakeyaml.Yaml;

/**
 * The Compose trial (infra/deploy/compose) as Docker sees it: {@code docker-compose config} (Debian's docker-compose
 * v1, no engine needed) validates and resolves the file with the committed {@code .env.example} — anchors, the ops
 * stack's services pulled in with {@code extends} — and the resolved stack is then held to what the README promises:
 * PostgreSQL 15, three KRaft brokers with replication factor 3 and min ISR 2, two platform nodes in production mode
 * with everything it requires, secrets only from {@code .env}, health checks and {@code depends_on} conditions,
 * Prometheus scraping both nodes' management ports, and every {@code LEDGERLINE_*} variable a setting the platform
 * reads ({@link ConfigurationVariables}, the machinery of ConfigurationTableTest).
 */
class ComposeFileTest {

    static final Path DEPLOY = ConfigurationVariables.repositoryRoot().resolve("infra/deploy");
    static final Path COMPOSE = DEPLOY.resolve("compose");

    private final ConfigurationVariables settings = ConfigurationVariables.fromClassPath();

    @Test
    void docker_compose_config_accepts_the_stack_with_the_example_env_file() throws IOException {
        Tool.Result result = config(COMPOSE, COMPOSE.resolve(".env.example"));
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(problems(load(result.stdout()))).isEmpty();
    }

    @Test
    void without_the_env_file_the_secrets_are_missing_and_docker_compose_refuses(@TempDir Path empty)
            throws IOException {
        Path envFile = Files.writeString(empty.resolve("empty.env"), "");
        Tool.Result result = config(COMPOSE, envFile);
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("set LEDGERLINE_");
    }

    @Test
    void docker_compose_config_refuses_a_broken_file(@TempDir Path copy) throws IOException {
        copyTree(DEPLOY.resolve("observability"), copy.resolve("observability"));
        copyTree(COMPOSE, copy.resolve("compose"));
        Path file = copy.resolve("compose/docker-compose.yml");
        String text = Files.readString(file);
        Files.writeString(
                file,
                text.replace(
                        "    kafka-3:\n      condition: service_healthy",
                        "    kafka-4:\n      " + "condition: service_healthy"));
        Tool.Result result = config(copy.resolve("compose"), copy.resolve("compose/.env.example"));
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("kafka-4");
    }

    @Test
    void the_committed_file_holds_no_secret_values() throws IOException {
        assertThat(secretsInFile(Files.readString(COMPOSE.resolve("docker-compose.yml"))))
                .isEmpty();
        assertThat(secretsInFile("    LEDGERLINE_ADMIN_PASSWORD: ledgerline-admin-1\n"))
                .singleElement()
                .asString()
                .contains("LEDGERLINE_ADMIN_PASSWORD");
        assertThat(Files.readAllLines(COMPOSE.resolve(".gitignore"))).contains(".env");
    }

    @Test
    void each_check_finds_what_breaks_it() throws IOException {
        String rendered = config(COMPOSE, COMPOSE.resolve(".env.example")).stdout();

        Map<String, Object> typo = load(rendered);
        environment(typo, "platform-1").put("LEDGERLINE_DB_PASSWORDS", "x");
        assertThat(problems(typo)).anyMatch(problem -> problem.contains("LEDGERLINE_DB_PASSWORDS"));

        Map<String, Object> dev = load(rendered);
        environment(dev, "platform-2").remove("SPRING_PROFILES_ACTIVE");
        assertThat(problems(dev)).anyMatch(problem -> problem.contains("platform-2: SPRING_PROFILES_ACTIVE"));

        Map<String, Object> noKey = load(rendered);
        environment(noKey, "platform-1").remove("LEDGERLINE_JWT_SECRET");
        assertThat(problems(noKey)).anyMatch(problem -> problem.contains("platform-1: no signing key"));

        Map<String, Object> oneAck = load(rendered);
        environment(oneAck, "kafka-2").put("KAFKA_MIN_INSYNC_REPLICAS", "1");
        assertThat(problems(oneAck)).anyMatch(problem -> problem.contains("kafka-2: KAFKA_MIN_INSYNC_REPLICAS"));

        Map<String, Object> unordered = load(rendered);
        dependsOn(unordered, "platform-2").put("postgres", Map.of("condition", "service_started"));
        assertThat(problems(unordered)).anyMatch(problem -> problem.contains("platform-2 starts before postgres"));

        Map<String, Object> published = load(rendered);
        ports(published, "platform-1").add(Map.of("published", 8081, "target", 8081));
        assertThat(problems(published)).anyMatch(problem -> problem.contains("platform-1 publishes"));

        Map<String, Object> blind = load(rendered);
        prometheusVolumes(blind).removeIf(volume -> volume.toString().contains("compose/prometheus"));
        assertThat(problems(blind)).anyMatch(problem -> problem.contains("Prometheus does not scrape platform-1:8081"));
    }

    /** What the resolved stack lacks of the promised one (empty: nothing). */
    List<String> problems(Map<String, Object> config) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Object>> services = map(config.get("services"));
        if (!String.valueOf(services.getOrDefault("postgres", Map.of()).get("image"))
                .startsWith("postgres:15")) {
            problems.add("no service 'postgres' on image postgres:15");
        }
        List<String> brokers = List.of("kafka-1", "kafka-2", "kafka-3");
        List<String> nodes = services.entrySet().stream()
                .filter(service ->
                        String.valueOf(service.getValue().get("image")).startsWith("ledgerline/platform:"))
                .map(Map.Entry::getKey)
                .toList();
        if (nodes.size() != 2) {
            problems.add("platform nodes: " + nodes + ", not two");
        }
        services.forEach((name, service) -> {
            environmentOf(service).forEach((variable, value) -> {
                if (variable.startsWith("LEDGERLINE_")) {
                    String problem = settings.problemWith(variable);
                    if (problem != null) {
                        problems.add(name + ": " + problem);
                    }
                }
            });
            if (!service.containsKey("healthcheck")
                    && (name.equals("postgres") || brokers.contains(name) || nodes.contains(name))) {
                problems.add(name + " has no healthcheck");
            }
        });
        for (String broker : brokers) {
            Map<String, Object> env = environmentOf(services.getOrDefault(broker, Map.of()));
            expect(problems, broker, env, "KAFKA_PROCESS_ROLES", "broker,controller");
            expect(problems, broker, env, "KAFKA_DEFAULT_REPLICATION_FACTOR", "3");
            expect(problems, broker, env, "KAFKA_MIN_INSYNC_REPLICAS", "2");
            expect(
                    problems,
                    broker,
                    env,
                    "KAFKA_CONTROLLER_QUORUM_VOTERS",
                    "1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093");
        }
        for (String node : nodes) {
            Map<String, Object> service = services.get(node);
            Map<String, Object> env = environmentOf(service);
            expect(problems, node, env, "SPRING_PROFILES_ACTIVE", "prod");
            expect(problems, node, env, "LEDGERLINE_DB_URL", "jdbc:postgresql://postgres:5432/ledgerline");
            expect(problems, node, env, "LEDGERLINE_KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092,kafka-3:9092");
            expect(problems, node, env, "LEDGERLINE_KAFKA_REPLICATION_FACTOR", "3");
            for (String required : List.of("LEDGERLINE_DB_USER", "LEDGERLINE_DB_PASSWORD")) {
                if (String.valueOf(env.getOrDefault(required, "")).isBlank()) {
                    problems.add(node + ": " + required + " is not set (production mode refuses to start)");
                }
            }
            if (!env.containsKey("LEDGERLINE_JWT_SECRET") && !env.containsKey("LEDGERLINE_JWT_PRIVATE_KEY")) {
                problems.add(node + ": no signing key (LEDGERLINE_JWT_SECRET or LEDGERLINE_JWT_PRIVATE_KEY)");
            }
            if (String.valueOf(env.getOrDefault("LEDGERLINE_ADMIN_PASSWORD", ""))
                            .length()
                    < 12) {
                problems.add(node + ": LEDGERLINE_ADMIN_PASSWORD shorter than 12 characters");
            }
            Map<String, Object> dependsOn = map(service.getOrDefault("depends_on", Map.of()));
            for (String server :
                    Stream.concat(Stream.of("postgres"), brokers.stream()).toList()) {
                Object condition = map(dependsOn.getOrDefault(server, Map.of())).get("condition");
                if (!"service_healthy".equals(condition)) {
                    problems.add(node + " starts before " + server + " is healthy (depends_on condition: " + condition
                            + ")");
                }
            }
            String check = String.valueOf(
                    map(service.getOrDefault("healthcheck", Map.of())).get("test"));
            if (!check.contains("localhost:8081/actuator/health/")) {
                problems.add(node + "'s healthcheck asks no health group on the management port: " + check);
            }
            for (Object port : (List<?>) service.getOrDefault("ports", List.of())) {
                if (String.valueOf(map(port).get("target")).equals("8081")) {
                    problems.add(node + " publishes its management port 8081: keep it on the Compose network");
                }
            }
        }
        List<String> targets = prometheusTargets(services.get("prometheus"));
        for (String node : nodes) {
            if (!targets.contains(node + ":8081")) {
                problems.add("Prometheus does not scrape " + node + ":8081 (targets " + targets + ")");
            }
        }
        return problems;
    }

    /** The targets of the prometheus.yml mounted into the Prometheus service. */
    private static List<String> prometheusTargets(Map<String, Object> prometheus) throws IOException {
        if (prometheus == null) {
            return List.of();
        }
        for (Object volume : (List<?>) prometheus.getOrDefault("volumes", List.of())) {
            String[] parts = volume.toString().split(":");
            if (parts.length >= 2 && parts[1].equals("/etc/prometheus/prometheus.yml")) {
                Map<String, Object> config = new Yaml().load(Files.readString(Path.of(parts[0])));
                List<String> targets = new ArrayList<>();
                for (Object job : (List<?>) config.get("scrape_configs")) {
                    for (Object staticConfig : (List<?>) map(job).getOrDefault("static_configs", List.of())) {
                        for (Object target : (List<?>) map(staticConfig).get("targets")) {
                            targets.add(target.toString());
                        }
                    }
                }
                return targets;
            }
        }
        return List.of();
    }

    /** Secret-named variables of the raw file whose value is no required {@code ${VAR:?...}} from .env. */
    static List<String> secretsInFile(String text) {
        List<String> problems = new ArrayList<>();
        for (String line : text.split("\n")) {
            String trimmed = line.trim();
            int colon = trimmed.indexOf(": ");
            if (colon < 0 || trimmed.startsWith("#")) {
                continue;
            }
            String key = trimmed.substring(0, colon);
            String value = trimmed.substring(colon + 2).trim();
            if (key.matches("[A-Z_]*(PASSWORD|SECRET|TOKEN|PRIVATE_KEY)[A-Z_]*")
                    && !value.matches("\\$\\{[A-Z_]+:\\?[^}]*}")) {
                problems.add(key + " has a value in the committed file ("
                        + line.trim().length() + " characters): it must come from .env as ${" + key + ":?...}");
            }
        }
        return problems;
    }

    private static void expect(
            List<String> problems, String service, Map<String, Object> env, String key, String value) {
        if (!value.equals(String.valueOf(env.get(key)))) {
            problems.add(service + ": " + key + " is " + env.get(key) + ", not " + value);
        }
    }

    private static Tool.Result config(Path directory, Path envFile) {
        return Tool.DOCKER_COMPOSE.run(
                directory, Map.of(), "--env-file", envFile.toString(), "-f", "docker-compose.yml", "config");
    }

    static Map<String, Object> load(String yaml) {
        return new Yaml().load(yaml);
    }

    private static Map<String, Object> environment(Map<String, Object> config, String service) {
        Map<String, Map<String, Object>> services = map(config.get("services"));
        return environmentOf(services.get(service));
    }

    private static Map<String, Object> environmentOf(Map<String, Object> service) {
        return map(service.computeIfAbsent("environment", key -> new LinkedHashMap<>()));
    }

    private static Map<String, Object> dependsOn(Map<String, Object> config, String service) {
        return map(map(map(config.get("services")).get(service)).get("depends_on"));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> ports(Map<String, Object> config, String service) {
        return (List<Object>) map(map(config.get("services")).get(service)).get("ports");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> prometheusVolumes(Map<String, Object> config) {
        return (List<Object>) map(map(config.get("services")).get("prometheus")).get("volumes");
    }

    @SuppressWarnings("unchecked")
    static <V> Map<String, V> map(Object value) {
        return (Map<String, V>) value;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
