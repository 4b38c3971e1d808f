package org.ledgerline.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.ledgerline.testsupport.ConfigurationVariables;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests (infra/deploy/kubernetes) as a cluster would get them: each overlay rendered by
 * {@code kubectl kustomize}, every object loaded STRICTLY into fabric8's Kubernetes model (an unknown or misspelt
 * field fails — fabric8 would otherwise keep it in {@code additionalProperties}), the ServiceMonitor (a CRD) into
 * small strict records, then held to ADR 0020: probes on the health groups of the management port, replicas, the
 * grace period and preStop, resources, the PodDisruptionBudget's selector, the NetworkPolicy's ports, a secretKeyRef
 * for every secret setting and no secret in a ConfigMap, every {@code LEDGERLINE_*} variable a setting of the
 * platform ({@link ConfigurationVariables}), the image, the security context.
 */
class KubernetesManifestsTest {

    static final Path KUBERNETES = ComposeFileTest.DEPLOY.resolve("kubernetes");

    /** Settings whose values are secrets: each must come from a Secret through secretKeyRef. */
    static final Set<String> SECRET_SETTINGS = Set.of(
            "LEDGERLINE_DB_PASSWORD",
            "LEDGERLINE_JWT_PRIVATE_KEY",
            "LEDGERLINE_JWT_SECRET",
            "LEDGERLINE_ADMIN_PASSWORD",
            "LEDGERLINE_METRICS_SCRAPE_TOKEN");

    private static final ObjectMapper STRICT = strictMapper();
    private static final Map<String, Class<?>> KINDS = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/Deployment", Deployment.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
            "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class);

    private final ConfigurationVariables settings = ConfigurationVariables.fromClassPath();

    /** The Prometheus Operator's ServiceMonitor, the fields used here (strict: anything else fails). */
    record ServiceMonitor(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {
        record ObjectMeta(String name, String namespace, Map<String, String> labels) {}

        record Spec(Selector selector, List<Endpoint> endpoints) {}

        record Selector(Map<String, String> matchLabels) {}

        record Endpoint(String port, String path, String interval, Authorization authorization) {}

        record Authorization(String type, SecretKey credentials) {}

        record SecretKey(String name, String key) {}
    }

    @Test
    void the_dev_overlay_renders_and_holds() {
        List<Object> objects = render("overlays/dev");
        assertThat(problems(objects, 2)).isEmpty();
        assertThat(of(objects, Secret.class)).as("dev generates its Secret").hasSize(1);
        assertThat(of(objects, ServiceMonitor.class)).isEmpty();
    }

    @Test
    void the_prod_overlay_renders_and_holds_with_three_replicas_and_a_service_monitor() {
        List<Object> objects = render("overlays/prod");
        assertThat(problems(objects, 3)).isEmpty();
        assertThat(of(objects, Secret.class)).as("prod brings its own Secret").isEmpty();
        ServiceMonitor monitor = single(objects, ServiceMonitor.class);
        assertThat(monitor.apiVersion()).isEqualTo("monitoring.coreos.com/v1");
        Service management = of(objects, Service.class).stream()
                .filter(service -> service.getMetadata()
                        .getLabels()
                        .entrySet()
                        .containsAll(monitor.spec().selector().matchLabels().entrySet()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Service matches the ServiceMonitor's selector"));
        assertThat(management.getSpec().getPorts())
                .extracting(ServicePort::getName)
                .contains(monitor.spec().endpoints().getFirst().port());
        assertThat(monitor.spec().endpoints()).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.path()).isEqualTo("/actuator/prometheus");
            assertThat(endpoint.authorization().credentials().key()).isEqualTo("metrics-scrape-token");
            assertThat(endpoint.authorization().credentials().name())
                    .isEqualTo(
                            secretReferences(single(objects, Deployment.class)).get("LEDGERLINE_METRICS_SCRAPE_TOKEN"));
        });
    }

    @Test
    void an_unknown_or_misspelt_field_fails_the_strict_model() {
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  replica: 3
                """;
        assertThatThrownBy(() -> parse(deployment)).hasMessageContaining("replica");
        String monitor = """
                apiVersion: monitoring.coreos.com/v1
                kind: ServiceMonitor
                metadata: {name: x}
                spec: {endpoints: [{port: management, bearerTokenFile: /x}]}
                """;
        assertThatThrownBy(() -> parse(monitor)).hasMessageContaining("bearerTokenFile");
        assertThatThrownBy(() -> parse("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n"))
                .hasMessageContaining("v1/Pod");
    }

    @Test
    void each_check_finds_what_breaks_it() {
        assertBreaks(
                objects -> container(objects).getReadinessProbe().getHttpGet().setPath("/actuator/health"),
                "readinessProbe");
        assertBreaks(
                objects -> container(objects)
                        .getLivenessProbe()
                        .getHttpGet()
                        .setPort(new io.fabric8.kubernetes.api.model.IntOrString("http")),
                "livenessProbe");
        assertBreaks(objects -> container(objects).setStartupProbe(null), "startupProbe");
        assertBreaks(
                objects -> container(objects)
                        .getEnv()
                        .removeIf(env -> env.getName().equals("LEDGERLINE_ADMIN_PASSWORD")),
                "LEDGERLINE_ADMIN_PASSWORD");
        assertBreaks(
                objects -> container(objects).getEnv().stream()
                        .filter(env -> env.getName().equals("LEDGERLINE_DB_PASSWORD"))
                        .forEach(env -> {
                            env.setValueFrom(null);
                            env.setValue("hunter2hunter2");
                        }),
                "LEDGERLINE_DB_PASSWORD");
        assertBreaks(
                objects -> single(objects, ConfigMap.class).getData().put("LEDGERLINE_JWT_SECRET", "plain"),
                "ConfigMap ledgerline-config holds LEDGERLINE_JWT_SECRET");
        assertBreaks(
                objects -> single(objects, ConfigMap.class).getData().put("LEDGERLINE_REPLAY_POLL_INTERVALS", "1s"),
                "LEDGERLINE_REPLAY_POLL_INTERVALS");
        assertBreaks(
                objects -> single(objects, PodDisruptionBudget.class)
                        .getSpec()
                        .getSelector()
                        .getMatchLabels()
                        .put("app.kubernetes.io/component", "worker"),
                "PodDisruptionBudget");
        assertBreaks(
                objects -> single(objects, NetworkPolicy.class)
                        .getSpec()
                        .getIngress()
                        .forEach(rule -> rule.setFrom(List.of())),
                "8081");
        assertBreaks(objects -> single(objects, Deployment.class).getSpec().setReplicas(1), "replicas");
        assertBreaks(
                objects -> container(objects).setImage("ledgerline/platform:latest"), "ledgerline/platform:latest");
        assertBreaks(
                objects -> single(objects, Deployment.class)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .setTerminationGracePeriodSeconds(30L),
                "terminationGracePeriodSeconds");
        assertBreaks(
                objects -> container(objects).getSecurityContext().setReadOnlyRootFilesystem(false),
                "readOnlyRootFilesystem");
        assertBreaks(objects -> container(objects).getResources().getLimits().remove("memory"), "memory limit");
        assertBreaks(
                objects -> of(objects, Service.class).stream()
                        .filter(service -> service.getMetadata().getName().equals("ledgerline"))
                        .forEach(service -> service.getSpec()
                                .getPorts()
                                .getFirst()
                                .setTargetPort(new io.fabric8.kubernetes.api.model.IntOrString("management"))),
                "Service ledgerline exposes the management port");
    }

    private void assertBreaks(Consumer<List<Object>> breakIt, String expected) {
        List<Object> objects = render("overlays/prod");
        breakIt.accept(objects);
        assertThat(problems(objects, 3))
                .as("after breaking: " + expected)
                .anyMatch(problem -> problem.contains(expected));
    }

    /** What the rendered objects lack of ADR 0020's shape (empty: nothing). */
    List<String> problems(List<Object> objects, int replicas) {
        List<String> problems = new ArrayList<>();
        Deployment deployment = single(objects, Deployment.class);
        var pod = deployment.getSpec().getTemplate();
        Map<String, String> podLabels = pod.getMetadata().getLabels();
        if (!Objects.equals(deployment.getSpec().getReplicas(), replicas)) {
            problems.add("replicas: " + deployment.getSpec().getReplicas() + ", not " + replicas);
        }
        Container container = container(objects);
        if (!"ledgerline/platform:0.1.0".equals(container.getImage())) {
            problems.add("image " + container.getImage() + " is not ledgerline/platform:0.1.0");
        }
        probe(problems, "startupProbe", container.getStartupProbe(), "/actuator/health/liveness");
        probe(problems, "readinessProbe", container.getReadinessProbe(), "/actuator/health/readiness");
        probe(problems, "livenessProbe", container.getLivenessProbe(), "/actuator/health/liveness");
        if (container.getPorts().stream()
                .noneMatch(port -> port.getName().equals("management") && port.getContainerPort() == 8081)) {
            problems.add("no container port 'management' 8081");
        }
        // preStop 10 s + web drain <= 20 s + processors' phase <= 20 s + 10 s headroom (ADR 0020).
        Long grace = pod.getSpec().getTerminationGracePeriodSeconds();
        var preStop = container.getLifecycle() == null
                ? null
                : container.getLifecycle().getPreStop();
        long sleep = preStop == null || preStop.getSleep() == null
                ? 0
                : preStop.getSleep().getSeconds();
        if (sleep < 5) {
            problems.add("no preStop sleep before SIGTERM");
        }
        if (grace == null || grace < sleep + 20 + 20) {
            problems.add("terminationGracePeriodSeconds " + grace + " < preStop " + sleep
                    + " s + 20 s web drain + 20 s processor phase");
        }
        var resources = container.getResources();
        if (resources == null
                || resources.getLimits() == null
                || !resources.getLimits().containsKey("memory")) {
            problems.add("no memory limit: the JVM's -XX:MaxRAMPercentage=75 sizes the heap from it");
        } else if (!resources
                .getLimits()
                .get("memory")
                .equals(resources.getRequests().get("memory"))) {
            problems.add("memory request and limit differ");
        }
        var security = container.getSecurityContext();
        var podSecurity = pod.getSpec().getSecurityContext();
        if (!Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())) {
            problems.add("readOnlyRootFilesystem is not true");
        }
        if (!Boolean.TRUE.equals(podSecurity.getRunAsNonRoot()) || podSecurity.getRunAsUser() != 65532L) {
            problems.add("the pod does not run as non-root uid 65532");
        }
        if (!List.of("ALL").equals(security.getCapabilities().getDrop())
                || !Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
            problems.add("capabilities not all dropped / privilege escalation allowed");
        }
        if (!"RuntimeDefault".equals(podSecurity.getSeccompProfile().getType())) {
            problems.add("seccomp profile is not RuntimeDefault");
        }
        if (container.getVolumeMounts().stream()
                .noneMatch(mount -> mount.getMountPath().equals("/tmp"))) {
            problems.add("no writable /tmp");
        }
        if (pod.getSpec().getTopologySpreadConstraints().isEmpty()
                || pod.getSpec().getAffinity() == null) {
            problems.add("no topology spread or anti-affinity");
        }

        // Settings: every LEDGERLINE_* variable a setting; secrets from a Secret, never plain.
        Map<String, String> secretRefs = secretReferences(deployment);
        List<ConfigMap> configMaps = of(objects, ConfigMap.class);
        for (EnvVar env : container.getEnv()) {
            checkVariable(problems, "Deployment env", env.getName());
            if (SECRET_SETTINGS.contains(env.getName()) && !secretRefs.containsKey(env.getName())) {
                problems.add(env.getName() + " is not read from a Secret (secretKeyRef)");
            }
        }
        for (ConfigMap configMap : configMaps) {
            configMap.getData().forEach((key, value) -> {
                checkVariable(problems, "ConfigMap " + configMap.getMetadata().getName(), key);
                if (SECRET_SETTINGS.contains(key) || key.matches(".*(PASSWORD|SECRET|TOKEN|PRIVATE_KEY).*")) {
                    problems.add("ConfigMap " + configMap.getMetadata().getName() + " holds " + key
                            + " in plain text: it belongs in a Secret");
                }
            });
        }
        for (String required :
                List.of("LEDGERLINE_DB_PASSWORD", "LEDGERLINE_ADMIN_PASSWORD", "LEDGERLINE_METRICS_SCRAPE_TOKEN")) {
            if (!secretRefs.containsKey(required)) {
                problems.add(required + ": no secretKeyRef");
            }
        }
        if (!secretRefs.containsKey("LEDGERLINE_JWT_PRIVATE_KEY") && !secretRefs.containsKey("LEDGERLINE_JWT_SECRET")) {
            problems.add("no signing key from a Secret (LEDGERLINE_JWT_PRIVATE_KEY or LEDGERLINE_JWT_SECRET)");
        }
        Map<String, String> configured = new java.util.HashMap<>();
        configMaps.forEach(configMap -> configured.putAll(configMap.getData()));
        if (!"prod".equals(configured.get("SPRING_PROFILES_ACTIVE"))) {
            problems.add("SPRING_PROFILES_ACTIVE is not prod");
        }
        for (String required :
                List.of("LEDGERLINE_DB_URL", "LEDGERLINE_DB_USER", "LEDGERLINE_KAFKA_BOOTSTRAP_SERVERS")) {
            if (configured.getOrDefault(required, "").isBlank()) {
                problems.add(required + " is not configured (production mode refuses to start)");
            }
        }
        for (Secret secret : of(objects, Secret.class)) {
            secretRefs.values().forEach(name -> {
                if (!name.equals(secret.getMetadata().getName())) {
                    problems.add("secretKeyRef to " + name + ", but the overlay's Secret is "
                            + secret.getMetadata().getName());
                }
            });
        }

        PodDisruptionBudget budget = single(objects, PodDisruptionBudget.class);
        if (!podLabels
                        .entrySet()
                        .containsAll(
                                budget.getSpec().getSelector().getMatchLabels().entrySet())
                || !budget.getSpec()
                        .getSelector()
                        .getMatchLabels()
                        .equals(deployment.getSpec().getSelector().getMatchLabels())) {
            problems.add("the PodDisruptionBudget's selector does not select the Deployment's pods");
        }

        for (Service service : of(objects, Service.class)) {
            boolean selectsPods = podLabels
                    .entrySet()
                    .containsAll(service.getSpec().getSelector().entrySet());
            boolean headless = "None".equals(service.getSpec().getClusterIP());
            for (ServicePort port : service.getSpec().getPorts()) {
                String target = port.getTargetPort().getStrVal() != null
                        ? port.getTargetPort().getStrVal()
                        : String.valueOf(port.getTargetPort().getIntVal());
                if ((target.equals("management") || target.equals("8081")) && !headless) {
                    problems.add("Service " + service.getMetadata().getName()
                            + " exposes the management port (only the headless metrics Service may)");
                }
            }
            if (!selectsPods) {
                problems.add("Service " + service.getMetadata().getName() + " selects no platform pod");
            }
        }

        NetworkPolicy policy = single(objects, NetworkPolicy.class);
        if (!podLabels
                .entrySet()
                .containsAll(policy.getSpec().getPodSelector().getMatchLabels().entrySet())) {
            problems.add("the NetworkPolicy does not select the platform's pods");
        }
        boolean apiOpen = false;
        boolean managementFromMonitoring = false;
        for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
            List<NetworkPolicyPeer> from = rule.getFrom() == null ? List.of() : rule.getFrom();
            for (var port : rule.getPorts()) {
                int number = port.getPort().getIntVal();
                if (number == 8080 && from.isEmpty()) {
                    apiOpen = true;
                }
                if (number == 8081 && from.isEmpty()) {
                    problems.add("the NetworkPolicy lets anyone reach 8081");
                }
                if (number == 8081
                        && !from.isEmpty()
                        && from.stream()
                                .allMatch(peer -> peer.getNamespaceSelector() != null
                                        && "monitoring"
                                                .equals(peer.getNamespaceSelector()
                                                        .getMatchLabels()
                                                        .get("kubernetes.io/metadata.name")))) {
                    managementFromMonitoring = true;
                }
            }
        }
        if (!apiOpen) {
            problems.add("the NetworkPolicy does not let the cluster reach the API port 8080");
        }
        if (!managementFromMonitoring) {
            problems.add("the NetworkPolicy does not limit 8081 to the monitoring namespace");
        }
        Set<Integer> egressPorts = new java.util.TreeSet<>();
        policy.getSpec()
                .getEgress()
                .forEach(rule -> rule.getPorts()
                        .forEach(port -> egressPorts.add(port.getPort().getIntVal())));
        if (!egressPorts.equals(Set.of(53, 5432, 9092, 4317, 4318))) {
            problems.add("NetworkPolicy egress ports " + egressPorts + " are not DNS, PostgreSQL, Kafka and OTLP");
        }
        return problems;
    }

    private void checkVariable(List<String> problems, String where, String variable) {
        if (variable.startsWith("LEDGERLINE_")) {
            String problem = settings.problemWith(variable);
            if (problem != null) {
                problems.add(where + ": " + problem);
            }
        }
    }

    private static void probe(List<String> problems, String name, Probe probe, String path) {
        if (probe == null || probe.getHttpGet() == null) {
            problems.add(name + " is missing");
            return;
        }
        var get = probe.getHttpGet();
        Object port = get.getPort().getStrVal() != null
                ? get.getPort().getStrVal()
                : get.getPort().getIntVal();
        if (!path.equals(get.getPath()) || !(port.equals("management") || port.equals(8081))) {
            problems.add(
                    name + " asks " + get.getPath() + " on port " + port + ", not " + path + " on the management port");
        }
    }

    /** Variable to the Secret's name, for each env var read through secretKeyRef. */
    static Map<String, String> secretReferences(Deployment deployment) {
        Map<String, String> refs = new java.util.TreeMap<>();
        for (EnvVar env : deployment
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst()
                .getEnv()) {
            if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                refs.put(env.getName(), env.getValueFrom().getSecretKeyRef().getName());
            }
        }
        return refs;
    }

    private static Container container(List<Object> objects) {
        return single(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(container -> container.getName().equals("platform"))
                .findFirst()
                .orElseThrow();
    }

    static <T> List<T> of(List<Object> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T> T single(List<Object> objects, Class<T> type) {
        List<T> found = of(objects, type);
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.getFirst();
    }

    /** {@code kubectl kustomize} of a folder under infra/deploy/kubernetes, each object strictly typed. */
    static List<Object> render(String folder) {
        Tool.Result result = Tool.KUBECTL.run(KUBERNETES, Map.of(), "kustomize", folder);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        List<Object> objects = new ArrayList<>();
        for (Object document : new Yaml().loadAll(result.stdout())) {
            if (document != null) {
                objects.add(typed(ComposeFileTest.map(document)));
            }
        }
        return objects;
    }

    static Object parse(String yaml) {
        return typed(new Yaml().load(yaml));
    }

    private static Object typed(Map<String, Object> document) {
        String kind = document.get("apiVersion") + "/" + document.get("kind");
        Class<?> type = KINDS.get(kind);
        if (type == null) {
            throw new AssertionError("unexpected object " + kind + ": add it to the test and its checks");
        }
        try {
            Object object = STRICT.convertValue(document, type);
            if (object instanceof HasMetadata typedObject) {
                assertThat(typedObject.getMetadata().getName())
                        .as(kind + " has a name")
                        .isNotBlank();
            }
            return object;
        } catch (IllegalArgumentException e) {
            throw new AssertionError(kind + " does not fit the Kubernetes schema: " + e.getMessage(), e);
        }
    }

    /**
     * Jackson for fabric8's model, strict: fabric8 classes take any unknown field into {@code additionalProperties}
     * through {@code @JsonAnySetter}; with that switched off, FAIL_ON_UNKNOWN_PROPERTIES fails on it.
     */
    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
            @Override
            public Boolean hasAnySetter(Annotated annotated) {
                return Boolean.FALSE;
            }
        });
        return mapper;
    }
}
