package org.ledgerline.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ledgerline.testsupport.PostgresEndpoint;
import org.ledgerline.testsupport.TestInfrastructure;
import org.springframework.util.FileSystemUtils;
import org.yaml.snakeyaml.Yaml;

/**
 * Runs the image as a container runtime would, without one: its layers unpacked into a directory, its entry point
 * started there as its root directory ({@code unshare --root}, a PID namespace with its own /proc), as its user, in
 * its working directory, with its environment and nothing else. Needs root (CI runs as root); skipped, saying so,
 * elsewhere.
 */
class ImageRunIT {

    private static ImageTarball image;
    private static Path root;
    private static Path work;

    @BeforeAll
    static void unpack() throws IOException, InterruptedException {
        Assumptions.assumeTrue(
                new ProcessBuilder("id", "-u").start().inputReader().readLine().equals("0"),
                "running the image needs root (unshare --root); CI runs as root");
        image = ImageTarball.read(ImageTarball.path("image.tar"));
        work = ImageTarball.path("image.work-directory");
        FileSystemUtils.deleteRecursively(work);
        root = work.resolve("root");
        image.unpackInto(root);
        Files.createDirectories(root.resolve("proc"));
    }

    @Test
    void in_production_mode_without_settings_it_exits_1_naming_each_missing_setting() throws Exception {
        Process platform = start(Map.of(), work.resolve("unconfigured.log"));
        assertThat(platform.waitFor(3, TimeUnit.MINUTES)).as("exited").isTrue();
        String log = Files.readString(work.resolve("unconfigured.log"));
        assertThat(platform.exitValue()).as(log).isEqualTo(1);
        assertThat(log)
                .contains("Production mode (SPRING_PROFILES_ACTIVE=prod) refuses to start")
                .contains("LEDGERLINE_DB_URL")
                .contains("LEDGERLINE_KAFKA_BOOTSTRAP_SERVERS")
                .contains("LEDGERLINE_JWT_PRIVATE_KEY")
                .contains("LEDGERLINE_ADMIN_PASSWORD");
    }

    @Test
    void on_a_real_postgresql_and_kafka_it_becomes_ready_on_the_management_port() throws Exception {
        PostgresEndpoint postgres = TestInfrastructure.postgres();
        int apiPort = freePort();
        int managementPort = freePort();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("LEDGERLINE_DB_URL", TestInfrastructure.newDatabase("image_run"));
        settings.put("LEDGERLINE_DB_USER", postgres.username());
        settings.put("LEDGERLINE_DB_PASSWORD", postgres.password() == null ? "" : postgres.password());
        settings.put("LEDGERLINE_KAFKA_BOOTSTRAP_SERVERS", TestInfrastructure.kafkaBootstrapServers());
        settings.put("LEDGERLINE_JWT_SECRET", secret(32));
        settings.put("LEDGERLINE_ADMIN_PASSWORD", secret(12));
        settings.put("SERVER_PORT", Integer.toString(apiPort));
        settings.put("LEDGERLINE_MANAGEMENT_PORT", Integer.toString(managementPort));
        Path logFile = work.resolve("ready.log");
        Process platform = start(settings, logFile);
        try {
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            HttpRequest readiness = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(5))
                    .build();
            await("readiness UP on the management port")
                    .atMost(Duration.ofMinutes(4))
                    .pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions()
                    .failFast("the platform exited: " + logFile, () -> !platform.isAlive())
                    .until(() -> {
                        HttpResponse<String> response = http.send(readiness, HttpResponse.BodyHandlers.ofString());
                        return response.statusCode() == 200 && response.body().contains("\"UP\"");
                    });
            String log = Files.readString(logFile);
            assertThat(log).contains("production mode").doesNotContain("mbedded PostgreSQL ready");

            // The Compose file's healthcheck, run as written inside the image: healthy while the node is ready...
            List<String> healthcheck = composeHealthcheck(managementPort);
            assertThat(runInImage(healthcheck, work.resolve("healthcheck-ready.log")))
                    .as(Files.readString(work.resolve("healthcheck-ready.log")))
                    .isZero();
        } finally {
            stop(platform);
        }
        // ...and unhealthy once it has shut down (SIGTERM: a graceful shutdown of a few seconds).
        List<String> healthcheck = composeHealthcheck(managementPort);
        await("the healthcheck fails once the node is gone")
                .atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> runInImage(healthcheck, work.resolve("healthcheck-gone.log")) == 1);
        assertThat(Files.readString(work.resolve("healthcheck-gone.log"))).contains("ConnectException");
    }

    /**
     * SIGTERM to the platform itself (a graceful shutdown, as a container runtime sends it), not only to {@code
     * unshare}: unshare does not pass a SIGTERM on, and the platform would outlive the test. Forcibly after a minute.
     */
    private static void stop(Process unshare) throws InterruptedException {
        List<ProcessHandle> tree = unshare.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle process : tree) {
            try {
                process.onExit().get(1, TimeUnit.MINUTES);
            } catch (ExecutionException | TimeoutException e) {
                process.destroyForcibly();
            }
        }
        unshare.destroy();
        if (!unshare.waitFor(1, TimeUnit.MINUTES)) {
            unshare.destroyForcibly();
        }
    }

    /** The platform nodes' healthcheck command in infra/deploy/compose, aimed at {@code managementPort}. */
    @SuppressWarnings("unchecked")
    private static List<String> composeHealthcheck(int managementPort) throws IOException {
        Map<String, Object> compose;
        try (var reader = Files.newBufferedReader(Path.of("../deploy/compose/docker-compose.yml"))) {
            compose = new Yaml().load(reader);
        }
        Map<String, Object> platform = (Map<String, Object>) compose.get("x-platform");
        List<String> test = (List<String>) ((Map<String, Object>) platform.get("healthcheck")).get("test");
        assertThat(test.getFirst())
                .as("an exec-form healthcheck (the image has no shell)")
                .isEqualTo("CMD");
        return test.subList(1, test.size()).stream()
                .map(part -> part.replace("localhost:8081", "127.0.0.1:" + managementPort))
                .toList();
    }

    /** Runs {@code command} inside the unpacked image (as its user, with its environment); its exit code. */
    private static int runInImage(List<String> command, Path logFile) throws IOException, InterruptedException {
        Process process = inImage(command, Map.of(), logFile);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            stop(process);
            throw new AssertionError("did not end within 2 minutes: " + command);
        }
        return process.exitValue();
    }

    /** The image's entry point in its unpacked root, as its user, in its working directory, with its environment. */
    private static Process start(Map<String, String> settings, Path logFile) throws IOException {
        List<String> entrypoint = new ArrayList<>();
        image.config().get("config").path("Entrypoint").forEach(part -> entrypoint.add(part.asText()));
        return inImage(entrypoint, settings, logFile);
    }

    private static Process inImage(List<String> program, Map<String, String> settings, Path logFile)
            throws IOException {
        JsonNode config = image.config().get("config");
        String[] owner = config.path("User").asText().split(":");
        String uid = owner[0];
        String gid = owner.length > 1 ? owner[1] : uid;
        List<String> command = new ArrayList<>(List.of(
                "unshare",
                "--mount",
                "--pid",
                "--fork",
                "--kill-child=SIGTERM",
                "--mount-proc=/proc", // inside the new root
                "--root=" + root,
                "--wd=" + config.path("WorkingDir").asText("/"),
                "--setgid=" + gid,
                "--setuid=" + uid));
        command.addAll(program);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile());
        builder.environment().clear();
        config.path("Env").forEach(variable -> {
            String[] pair = variable.asText().split("=", 2);
            builder.environment().put(pair[0], pair[1]);
        });
        builder.environment().putAll(settings);
        return builder.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String secret(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
