package org.ledgerline.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.ledgerline.http.TokenIssuer;
import org.ledgerline.platform.security.ApiOperations.Operation;
import org.ledgerline.platform.security.ForgedTokens.Forgery;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The security suite, generated from the platform's own OpenAPI document ({@code /v3/api-docs}): every operation is
 * attacked according to the access rule the document states for it ({@code x-ledgerline-access}, from the
 * controllers' {@code @Access}), so an endpoint is covered the day it is added - and one without a rule fails the
 * suite. Two customers and their resources are seeded through the API first. Per operation:
 * <ul>
 * <li>no token: 401 (a public operation: anything but 401/403);</li>
 * <li>every forgery of {@link ForgedTokens} (expired, alg none, another HS256/RS256 key, unknown or borrowed kid,
 *     roles/sub/exp edited with the signature kept): 401;</li>
 * <li>a CUSTOMER (and a token without roles) on an ADMIN operation: 403; an ADMIN without the CUSTOMER role (and a
 *     token without roles) on a CUSTOMER operation: 403;</li>
 * <li>customer A on customer B's resources (B's ids in every customer-keyed path parameter): 404 for an
 *     owner-or-admin operation; an operation keyed by a customer's resource but not declared owner-or-admin or admin
 *     fails the suite;</li>
 * <li>the rule is not stricter than stated either (read operations only, nothing written): the owner, an ADMIN, any
 *     signed-in caller get through where the rule lets them, and customer A's answers never hold customer B's ids.
 *     </li>
 * </ul>
 * Every refusal is application/problem+json with its status; never a 2xx, never a 5xx. Nothing an attack sent is
 * written: no event carries an attack's request id, the event store's head did not move, and B's user, account,
 * order and the product read the same afterwards. Each attacked POST also carries the Idempotency-Key of one of B's
 * own requests, so a stored answer is never replayed to someone else.
 *
 * <p>Keys: the default start; {@code -Dledgerline.security-suite.keys=rsa} runs the same suite against an RS256
 * platform with a generated key pair, {@code =hs256} with a random configured secret.
 */
@LedgerlineIntegrationTest(
        kafka = true,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "ledgerline.rate-limit.commands-per-second=0", "ledgerline.rate-limit.sign-in-per-address=0",
            "ledgerline.rate-limit.sign-up-per-address=0", "ledgerline.admin.email=",
            "ledgerline.replication.topic-prefix=attack"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessAttackIT {

    /** The operations that may be public: making another one public is a decision, recorded here. */
    private static final Set<String> PUBLIC_OPERATIONS = Set.of("POST /api/v1/users", "POST /api/v1/auth/token");
    /** Path prefixes whose every operation must be ADMIN-only, whatever a controller declares. */
    private static final List<String> ADMIN_PREFIXES = List.of("/api/v1/admin/", "/api/v1/sagas");
    /** Path parameters naming something a customer owns: A sent with B's must never get B's. */
    private static final Set<String> CUSTOMER_KEYED = Set.of("userId", "customerId", "orderId");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void keys(DynamicPropertyRegistry registry) throws Exception {
        String keys = System.getProperty("ledgerline.security-suite.keys", "default");
        if (keys.equals("rsa")) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Path dir = Files.createTempDirectory("ledgerline-suite-keys-");
            Path publicKey = dir.resolve("jwt.pub");
            Path privateKey = dir.resolve("jwt.key");
            Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            registry.add("ledgerline.security.rsa-public-key", () -> "file:" + publicKey);
            registry.add("ledgerline.security.rsa-private-key", () -> "file:" + privateKey);
        } else if (keys.equals("hs256")) {
            byte[] secret = new byte[48];
            new SecureRandom().nextBytes(secret);
            String text = Base64.getEncoder().encodeToString(secret);
            registry.add("ledgerline.security.jwt-secret", () -> text);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    TokenIssuer tokens;

    @Autowired
    JwtEncoder encoder;

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final AtomicInteger requestIds = new AtomicInteger();
    /** The X-Request-Id prefix: what the seeding writes is told apart from what an attack might. */
    private volatile String phase = "seed-";

    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    private Customer a;
    private Customer b;
    private String admin;
    private String adminOnly;
    private String noRoles;
    private String productId;
    private String sagaId;
    private String processor;
    private String replayedKey;
    private List<Operation> operations;
    private ApiOperations document;

    /** A seeded customer: id, e-mail, CUSTOMER token and one confirmed order. */
    record Customer(String id, String email, String token, String orderId) {}

    /** What came back. */
    record Answer(int status, String contentType, String body) {}

    @BeforeAll
    void seed() {
        admin = tokens.issue(UUID.randomUUID(), Set.of("CUSTOMER", "ADMIN")).accessToken();
        adminOnly = tokens.issue(UUID.randomUUID(), Set.of("ADMIN")).accessToken();
        Answer product = send(
                "POST",
                "/api/v1/products",
                admin,
                "{\"sku\":\"ATTACK-" + UUID.randomUUID()
                        + "\",\"name\":\"Mug\",\"price\":{\"amount\":\"2.50\",\"currency\":\"EUR\"},\"initialStock\":100}",
                Map.of());
        assertThat(product.status()).as(product.body()).isEqualTo(201);
        productId = JSON.readTree(product.body()).path("productId").asString();
        replayedKey = UUID.randomUUID().toString();
        a = customer("a", UUID.randomUUID().toString());
        b = customer("b", replayedKey);
        noRoles = tokens.issue(UUID.fromString(a.id()), Set.of()).accessToken();
        for (Customer customer : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> JSON.readTree(
                                    send("GET", "/api/v1/orders/" + customer.orderId(), admin, null, Map.of())
                                            .body())
                            .path("status")
                            .asString()
                            .equals("CONFIRMED"));
        }
        sagaId = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            JsonNode sagas = JSON.readTree(send("GET", "/api/v1/sagas?limit=10", admin, null, Map.of())
                                    .body());
                            return sagas.path("items")
                                    .valueStream()
                                    .filter(saga -> saga.toString().contains(b.orderId()))
                                    .map(saga -> saga.path("sagaId").asString())
                                    .findFirst()
                                    .orElse(null);
                        },
                        id -> id != null);
        processor = JSON.readTree(send("GET", "/api/v1/admin/processors", admin, null, Map.of())
                        .body())
                .path(0)
                .path("name")
                .asString();
        document = new ApiOperations(
                JSON.readTree(send("GET", "/v3/api-docs", null, null, Map.of()).body()));
        operations = document.operations();
        settle();
        phase = "attack-";
    }

    private Customer customer(String name, String depositKey) {
        String email = "attack-" + name + "-" + UUID.randomUUID() + "@example.com";
        Answer signUp = send(
                "POST",
                "/api/v1/users",
                null,
                "{\"email\":\"" + email + "\",\"name\":\"Customer " + name.toUpperCase()
                        + "\",\"password\":\"attack-password-1\"}",
                Map.of());
        assertThat(signUp.status()).as(signUp.body()).isEqualTo(201);
        String id = JSON.readTree(signUp.body()).path("userId").asString();
        String token = tokens.issue(UUID.fromString(id), Set.of("CUSTOMER")).accessToken();
        Answer deposit = send(
                "POST",
                "/api/v1/accounts/" + id + "/deposits",
                token,
                "{\"amount\":{\"amount\":\"100.00\",\"currency\":\"EUR\"}}",
                Map.of("Idempotency-Key", depositKey));
        assertThat(deposit.status()).as(deposit.body()).isEqualTo(200);
        Answer order = send(
                "POST",
                "/api/v1/orders",
                token,
                "{\"lines\":[{\"productId\":\"" + productId
                        + "\",\"quantity\":1}],\"shippingAddress\":{\"line1\":\"1 Main St\",\"city\":\"Berlin\","
                        + "\"postalCode\":\"10115\",\"country\":\"DE\"}}",
                Map.of());
        assertThat(order.status()).as(order.body()).isEqualTo(202);
        return new Customer(
                id, email, token, JSON.readTree(order.body()).path("orderId").asString());
    }

    @Test
    @Order(1)
    void the_document_states_an_access_rule_for_every_operation() {
        List<String> problems = new ArrayList<>();
        for (Operation operation : operations) {
            ApiOperations.ruleProblem(operation).ifPresent(problem -> problems.add(operation.id() + " " + problem));
            if ("public".equals(operation.rule()) && !PUBLIC_OPERATIONS.contains(operation.id())) {
                problems.add(operation.id() + " is declared public: if it must be, add it to PUBLIC_OPERATIONS");
            }
            if (ADMIN_PREFIXES.stream().anyMatch(operation.path()::startsWith) && !"admin".equals(operation.rule())) {
                problems.add(operation.id() + " is under an ADMIN-only prefix but declared " + operation.rule());
            }
        }
        assertThat(operations)
                .as("the document lists the saga dashboard's API")
                .anyMatch(operation -> operation.path().startsWith("/api/v1/sagas"));
        assertThat(operations.stream().map(Operation::id)).containsAll(PUBLIC_OPERATIONS);
        assertThat(problems)
                .as("access rules in /v3/api-docs:%n%s", String.join("\n", problems))
                .isEmpty();
    }

    @Test
    @Order(2)
    void every_operation_answers_every_attack_as_its_rule_says_and_nothing_is_written() throws Exception {
        long headBefore = head();
        Map<String, String> victimBefore = victimState();
        List<Forgery> forgeries =
                ForgedTokens.against(UUID.fromString(a.id()), a.token(), UUID.fromString(b.id()), tokens, encoder);
        List<Runnable> attacks = new ArrayList<>();
        for (Operation operation : operations) {
            if (ApiOperations.ruleProblem(operation).isPresent()) {
                continue; // the_document_states_an_access_rule_for_every_operation names it
            }
            attacks.addAll(attacksOn(operation, forgeries));
        }
        String deposit = "{\"amount\":{\"amount\":\"100.00\",\"currency\":\"EUR\"}}";
        attacks.add(() -> expectRefusal(
                "POST /api/v1/accounts/{userId}/deposits",
                "B's own deposit request and " + "Idempotency-Key replayed by customer A",
                send(
                        "POST",
                        "/api/v1/accounts/" + b.id() + "/deposits",
                        a.token(),
                        deposit,
                        Map.of("Idempotency-Key", replayedKey)),
                404));
        attacks.add(() -> expectRefusal(
                "POST /api/v1/accounts/{userId}/deposits",
                "B's own deposit request and " + "Idempotency-Key replayed without a token",
                send(
                        "POST",
                        "/api/v1/accounts/" + b.id() + "/deposits",
                        null,
                        deposit,
                        Map.of("Idempotency-Key", replayedKey)),
                401));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> running = new ArrayList<>();
            attacks.forEach(attack -> running.add(pool.submit(attack)));
            for (Future<?> attack : running) {
                attack.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Integer written = jdbc.queryForObject(
                "SELECT count(*) FROM domainevententry WHERE convert_from(metadata, 'UTF8') LIKE ?",
                Integer.class,
                "%\"requestId\":\"attack-%");
        if (written != null && written > 0) {
            failures.add(written + " events were written by attack requests");
        }
        if (head() != headBefore) {
            failures.add("the event store's head moved from " + headBefore + " to " + head() + " during the attacks");
        }
        Map<String, String> victimAfter = victimState();
        victimBefore.forEach((what, before) -> {
            if (!before.equals(victimAfter.get(what))) {
                failures.add(what + " changed: " + before + " -> " + victimAfter.get(what));
            }
        });
        System.out.printf(
                "AccessAttackIT: %d operations, %d attacks and checks (%d requests), platform tokens %s, "
                        + "%d failures%n",
                operations.size(),
                attacks.size(),
                requestIds.get(),
                ForgedTokens.algorithmOf(a.token()),
                failures.size());
        List<String> sorted = new ArrayList<>(new TreeSet<>(failures));
        assertThat(sorted)
                .as("security suite found (%d):%n%s", sorted.size(), String.join("\n", sorted))
                .isEmpty();
    }

    /** The doors that hold data without being API operations, and the public ones that must hold none. */
    @Test
    @Order(3)
    void the_other_doors() {
        int before = failures.size();
        Answer apiDocs = send("GET", "/v3/api-docs", null, null, Map.of());
        assertThat(apiDocs.status()).isEqualTo(200);
        assertThat(JSON.readTree(apiDocs.body()).path("openapi").asString()).startsWith("3.");
        for (String page : List.of("/dashboard", "/dashboard/", "/dashboard/index.html")) {
            Answer shell = send("GET", page, null, null, Map.of("Accept", "text/html"));
            assertThat(shell.status()).as("GET %s", page).isIn(200, 302, 404);
            assertThat(secretsIn(shell.body(), b))
                    .as("GET %s without a token shows", page)
                    .isEmpty();
            assertThat(secretsIn(shell.body(), a))
                    .as("GET %s without a token shows", page)
                    .isEmpty();
        }
        Answer post = send("POST", "/dashboard", a.token(), "{}", Map.of());
        assertThat(post.status()).as(post.toString()).isBetween(400, 499);
        assertThat(post.contentType()).as(post.toString()).startsWith("application/problem+json");
        for (String path : List.of("/api/v1/sagas", "/api/v1/sagas/counts", "/api/v1/sagas/" + sagaId)) {
            expectRefusal("GET " + path, "no token", send("GET", path, null, null, Map.of()), 401);
            expectRefusal("GET " + path, "a CUSTOMER", send("GET", path, a.token(), null, Map.of()), 403);
        }
        for (String method : List.of("GET", "POST")) {
            expectRefusedSomehow(method + " /error", "no token", send(method, "/error", null, null, Map.of()));
        }
        // A published key set (JWKS), where there is one, holds public keys only: no RSA private part, no HS256 key.
        Answer jwks = send("GET", "/.well-known/jwks.json", null, null, Map.of());
        if (jwks.status() == 200) {
            JSON.readTree(jwks.body()).path("keys").forEach(key -> {
                for (String secret : List.of("d", "p", "q", "dp", "dq", "qi", "k", "oth")) {
                    if (key.has(secret)) {
                        failures.add("GET /.well-known/jwks.json publishes the private member '" + secret + "' of "
                                + key.path("kid").asString("a key"));
                    }
                }
            });
        }
        // Wherever the management endpoints live, these never answer the application's port without an ADMIN.
        for (String endpoint : List.of(
                "env",
                "configprops",
                "beans",
                "heapdump",
                "threaddump",
                "loggers",
                "mappings",
                "metrics",
                "scheduledtasks",
                "sbom")) {
            for (String token : java.util.Arrays.asList(null, a.token())) {
                Answer answer = send("GET", "/actuator/" + endpoint, token, null, Map.of());
                if (answer.status() < 400 || answer.status() >= 500) {
                    failures.add("GET /actuator/" + endpoint + (token == null ? " without a token" : " as a CUSTOMER")
                            + ": " + answer.status());
                }
            }
        }
        Answer unknown = send("GET", "/api/v1/no-such-thing", null, null, Map.of());
        expectRefusal("GET /api/v1/no-such-thing", "no token", unknown, 401);
        List<String> found = List.copyOf(failures.subList(before, failures.size()));
        assertThat(found).as(String.join("\n", found)).isEmpty();
    }

    /**
     * Mass assignment: every command a customer may send, sent by customer A on A's own with fields claiming more
     * (roles ADMIN, customer B's id as customer, user, owner). Last, as these commands are let through and write:
     * nobody became ADMIN, customer B's resources are unchanged.
     */
    @Test
    @Order(4)
    void extra_fields_in_a_command_claim_nothing() {
        phase = "claims-";
        Map<String, String> before = customerState(b);
        ObjectNode extras = JsonNodeFactory.instance.objectNode();
        extras.set("roles", JsonNodeFactory.instance.arrayNode().add("ADMIN"));
        extras.put("role", "ADMIN").put("admin", true);
        for (String field : List.of("customerId", "userId", "ownerId", "holder", "accountId")) {
            extras.put(field, b.id());
        }
        List<String> found = new ArrayList<>();
        List<String> created = new ArrayList<>();
        for (Operation operation : operations) {
            if (!operation.isCommand()
                    || operation.bodySchema() == null
                    || operation.rule() == null
                    || !List.of("public", "customer", "owner-or-admin", "authenticated")
                            .contains(operation.rule())) {
                continue;
            }
            JsonNode body = document.body(operation.bodySchema(), this::bodyValue);
            if (body instanceof ObjectNode object) {
                object.setAll(extras);
            }
            Answer answer = send(operation, a, operation.rule().equals("public") ? null : a.token(), body.toString());
            if (answer.status() >= 500) {
                found.add(
                        operation.id() + " with claiming fields: " + answer.status() + " " + abbreviate(answer.body()));
            }
            if (answer.status() < 300 && answer.body().contains("\"userId\"")) {
                created.add(JSON.readTree(answer.body()).path("userId").asString());
            }
        }
        created.add(a.id());
        settle();
        for (String user : created) {
            JsonNode roles = JSON.readTree(send("GET", "/api/v1/users/" + user, admin, null, Map.of())
                            .body())
                    .path("roles");
            if (roles.toString().contains("ADMIN")) {
                found.add("user " + user + " became ADMIN by a command's extra fields: " + roles);
            }
        }
        Map<String, String> after = customerState(b);
        before.forEach((what, was) -> {
            if (!was.equals(after.get(what))) {
                found.add(what + " changed by customer A's claiming fields: " + was + " -> " + after.get(what));
            }
        });
        assertThat(found).as(String.join("\n", found)).isEmpty();
    }

    private Map<String, String> customerState(Customer customer) {
        Map<String, String> state = new LinkedHashMap<>();
        for (String path : List.of(
                "/api/v1/users/" + customer.id(),
                "/api/v1/accounts/" + customer.id(),
                "/api/v1/orders/" + customer.orderId(),
                "/api/v1/users/" + customer.id() + "/order-summary",
                "/api/v1/orders?customerId=" + customer.id())) {
            Answer answer = send("GET", path, admin, null, Map.of());
            state.put("GET " + path, answer.status() + " " + answer.body());
        }
        return state;
    }

    private List<Runnable> attacksOn(Operation operation, List<Forgery> forgeries) {
        List<Runnable> attacks = new ArrayList<>();
        String rule = operation.rule();
        boolean isPublic = rule.equals("public");
        attacks.add(() -> {
            Answer answer = send(operation, b, null, "{}");
            if (isPublic) {
                expectThrough(operation, "no token", answer, 401, 403);
            } else {
                expectRefusal(operation.id(), "no token", answer, 401);
            }
        });
        for (Forgery forgery : forgeries) {
            attacks.add(() ->
                    expectRefusal(operation.id(), forgery.name(), send(operation, b, forgery.token(), null), 401));
        }
        switch (rule) {
            case "admin" -> {
                attacks.add(
                        () -> expectRefusal(operation.id(), "a CUSTOMER", send(operation, a, a.token(), null), 403));
                attacks.add(() ->
                        expectRefusal(operation.id(), "a token without roles", send(operation, a, noRoles, null), 403));
            }
            case "customer" -> {
                attacks.add(() -> expectRefusal(
                        operation.id(),
                        "an ADMIN without the CUSTOMER role",
                        send(operation, a, adminOnly, null),
                        403));
                attacks.add(() ->
                        expectRefusal(operation.id(), "a token without roles", send(operation, a, noRoles, null), 403));
            }
            default -> {}
        }
        if (rule.equals("admin")) {
            for (String variant : pathVariants(operation)) {
                attacks.add(() -> expectRefusedSomehow(
                        operation.id(),
                        "a CUSTOMER on the path spelled " + variant,
                        send(
                                operation.method(),
                                variant,
                                a.token(),
                                operation.bodySchema() == null ? null : "{}",
                                Map.of())));
            }
        }
        if (!isPublic) {
            List<String> methods = operation.method().equals("GET") ? List.of("HEAD", "OPTIONS") : List.of("OPTIONS");
            for (String method : methods) {
                attacks.add(() -> {
                    Answer answer = send(
                            method,
                            operation
                                    .path()
                                    .replaceAll("\\{[^}]+}", UUID.randomUUID().toString()),
                            null,
                            null,
                            Map.of());
                    if (answer.status() != 401) {
                        failures.add(method + " " + operation.path() + " without a token: " + answer.status()
                                + " (expected 401)");
                    }
                });
            }
        }
        boolean keyedByCustomer = operation.pathParameters().stream().anyMatch(CUSTOMER_KEYED::contains);
        if (keyedByCustomer && !isPublic) {
            int expected = rule.equals("admin") ? 403 : 404;
            if (!rule.equals("admin") && !rule.equals("owner-or-admin")) {
                failures.add(operation.id() + " is keyed by a customer's resource but declared " + rule
                        + ": it must be owner-or-admin (another customer's is 404) or admin");
            }
            attacks.add(() -> expectRefusal(
                    operation.id(),
                    "customer A on customer B's resources",
                    send(operation, b, a.token(), null),
                    expected));
            attacks.add(() -> expectRefusal(
                    operation.id(),
                    "customer A's token without roles on B's resources",
                    send(operation, b, noRoles, null),
                    expected));
        }
        if (!operation.isCommand()) {
            attacks.addAll(readsLetThroughWhatTheRuleAllows(operation));
        }
        return attacks;
    }

    /**
     * The path of an operation as a URL-rule bypass would spell it: what Spring Security matches and what Spring MVC
     * routes must be the same request, or be refused.
     */
    private List<String> pathVariants(Operation operation) {
        String path = operation.path();
        for (String parameter : operation.pathParameters()) {
            path = path.replace("{" + parameter + "}", pathValue(operation, parameter, b));
        }
        int second = path.indexOf('/', "/api/v1/".length());
        List<String> variants = new ArrayList<>(List.of(
                path + "/",
                path.replace("/api/v1/", "/api/v1//"),
                path + ";x=y",
                path + "/.",
                "/api/v1/./" + path.substring(8),
                "/api/v1/x/../" + path.substring(8),
                path.replace("/api/v1/", "/api/v1/%2e/"),
                path.toUpperCase(java.util.Locale.ROOT),
                path + ".json",
                path + "%20",
                path + "?" + "x=/api/v1/products"));
        if (second > 0) {
            variants.add(path.substring(0, second) + "%2F" + path.substring(second + 1));
        }
        String segment = path.substring("/api/v1/".length());
        variants.add("/api/v1/" + Character.toUpperCase(segment.charAt(0)) + segment.substring(1));
        return variants;
    }

    /** Any 4xx problem will do (a firewall's 400, a 401, 403 or 404), but never a 2xx or a 5xx. */
    private void expectRefusedSomehow(String operation, String attack, Answer answer) {
        if (answer.status() < 400 || answer.status() >= 500) {
            failures.add(operation + " with " + attack + ": " + answer.status() + " " + abbreviate(answer.body()));
        } else if (!answer.contentType().startsWith("application/problem+json")) {
            failures.add(operation + " with " + attack + ": " + answer.status() + " as " + answer.contentType()
                    + ", not application/problem+json");
        }
    }

    /** The rule is not stricter than stated, and a customer's answer holds nothing of another customer's. */
    private List<Runnable> readsLetThroughWhatTheRuleAllows(Operation operation) {
        List<Runnable> checks = new ArrayList<>();
        switch (operation.rule()) {
            case "public" ->
                checks.add(() -> expectThrough(operation, "no token", send(operation, a, null, null), 401, 403));
            case "authenticated", "customer" ->
                checks.add(() -> {
                    Answer answer = send(operation, a, a.token(), null);
                    expectThrough(operation, "customer A", answer, 401, 403);
                    leaks(operation, "customer A", answer, b);
                });
            case "owner-or-admin" -> {
                checks.add(() -> {
                    Answer answer = send(operation, a, a.token(), null);
                    expectThrough(operation, "customer A on A's own", answer, 401, 403, 404);
                    leaks(operation, "customer A on A's own", answer, b);
                });
                checks.add(() ->
                        expectThrough(operation, "an ADMIN on B's", send(operation, b, admin, null), 401, 403, 404));
            }
            case "admin" ->
                checks.add(() -> expectThrough(operation, "an ADMIN", send(operation, b, admin, null), 401, 403));
            default -> {}
        }
        return checks;
    }

    private void leaks(Operation operation, String who, Answer answer, Customer other) {
        Set<String> secrets = secretsIn(answer.body(), other);
        if (!secrets.isEmpty()) {
            failures.add(operation.id() + " as " + who + " answers another customer's " + secrets);
        }
    }

    private static Set<String> secretsIn(String body, Customer customer) {
        Set<String> found = new TreeSet<>();
        Map<String, String> secrets =
                Map.of("user id", customer.id(), "e-mail", customer.email(), "order id", customer.orderId());
        secrets.forEach((what, value) -> {
            if (body != null && body.contains(value)) {
                found.add(what);
            }
        });
        return found;
    }

    private void expectRefusal(String operation, String attack, Answer answer, int expected) {
        if (answer.status() != expected) {
            failures.add(operation + " with " + attack + ": " + answer.status() + " (expected " + expected + ") "
                    + abbreviate(answer.body()));
            return;
        }
        if (!answer.contentType().startsWith("application/problem+json")) {
            failures.add(operation + " with " + attack + ": " + expected + " as " + answer.contentType()
                    + ", not application/problem+json");
            return;
        }
        JsonNode problem = JSON.readTree(answer.body());
        if (problem.path("status").asInt() != expected
                || problem.path("title").asString("").isBlank()) {
            failures.add(operation + " with " + attack + ": a problem without its status or title "
                    + abbreviate(answer.body()));
        }
    }

    private void expectThrough(Operation operation, String who, Answer answer, int... refusals) {
        boolean refused = java.util.Arrays.stream(refusals).anyMatch(status -> status == answer.status());
        if (refused || answer.status() >= 500) {
            failures.add(operation.id() + " as " + who + " (which its rule '" + operation.rule() + "' lets through): "
                    + answer.status() + " " + abbreviate(answer.body()));
        }
    }

    /** Sends {@code operation} with {@code owner}'s resources in its path, a plausible body unless given one. */
    private Answer send(Operation operation, Customer owner, String token, String body) {
        String path = operation.path();
        for (String parameter : operation.pathParameters()) {
            path = path.replace("{" + parameter + "}", pathValue(operation, parameter, owner));
        }
        List<String> query = new ArrayList<>();
        for (String parameter : operation.requiredQuery()) {
            query.add(parameter + "=" + queryValue(operation, parameter, owner));
        }
        if (operation.method().equals("GET")
                && !operation.requiredQuery().contains("customerId")
                && operation.path().equals("/api/v1/orders")) {
            query.add("customerId=" + b.id()); // a customer asking for another's orders gets their own
        }
        String target = query.isEmpty() ? path : path + "?" + String.join("&", query);
        String json = body;
        if (json == null && operation.bodySchema() != null) {
            json = document.body(operation.bodySchema(), this::bodyValue).toString();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (operation.isCommand()) {
            headers.put("Idempotency-Key", UUID.randomUUID().toString()); // the keyed path: one transaction
        }
        return send(operation.method(), target, token, json, headers);
    }

    private String pathValue(Operation operation, String parameter, Customer owner) {
        return switch (parameter) {
            case "userId", "customerId" -> owner.id();
            case "orderId" -> owner.orderId();
            case "productId" -> productId;
            case "sagaId" -> sagaId;
            case "name", "processor" -> processor;
            case "model" -> "orders";
            default -> {
                failures.add(operation.id() + ": no value for path parameter '" + parameter + "': add one to "
                        + "AccessAttackIT.pathValue (an owned one also to CUSTOMER_KEYED)");
                yield "x";
            }
        };
    }

    private String queryValue(Operation operation, String parameter, Customer owner) {
        return switch (parameter) {
            case "processor" -> processor;
            case "customerId", "userId" -> owner.id();
            case "aggregateId" -> owner.orderId();
            default -> {
                failures.add(operation.id() + ": no value for required query parameter '" + parameter
                        + "': add one to AccessAttackIT.queryValue");
                yield "x";
            }
        };
    }

    /** Body values by property name; null: let the schema decide. */
    private JsonNode bodyValue(String name) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (name) {
            case "email" -> nodes.stringNode("attack-" + UUID.randomUUID() + "@example.com");
            case "password" -> nodes.stringNode("attack-password-1");
            case "amount" -> nodes.stringNode("1.00");
            case "quantity" -> nodes.numberNode(1);
            case "currency" -> nodes.stringNode("EUR");
            case "productId" -> nodes.stringNode(productId);
            case "sku" -> nodes.stringNode("ATTACK-" + UUID.randomUUID());
            case "country" -> nodes.stringNode("DE");
            case "postalCode" -> nodes.stringNode("10115");
            case "action" -> nodes.stringNode("compensate");
            case "sagaIds" -> nodes.arrayNode().add(sagaId);
            default -> null;
        };
    }

    private Answer send(String method, String target, String token, String json, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
                .timeout(Duration.ofSeconds(20))
                .header("X-Request-Id", phase + requestIds.incrementAndGet())
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            try (InputStream in = response.body()) {
                // A stream that opened is answered at once with its first event; never wait for its end.
                String body = contentType.startsWith("text/event-stream") && response.statusCode() < 300
                        ? new String(in.readNBytes(in.available()), StandardCharsets.UTF_8)
                        : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return new Answer(response.statusCode(), contentType, body);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(method + " " + target + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the victim's resources read as, by an ADMIN. */
    private Map<String, String> victimState() {
        Map<String, String> state = new LinkedHashMap<>();
        for (String path : List.of(
                "/api/v1/users/" + b.id(),
                "/api/v1/accounts/" + b.id(),
                "/api/v1/orders/" + b.orderId(),
                "/api/v1/users/" + b.id() + "/order-summary",
                "/api/v1/users/" + a.id(),
                "/api/v1/products/" + productId,
                "/api/v1/sagas/" + sagaId)) {
            Answer answer = send("GET", path, admin, null, Map.of());
            state.put("GET " + path, answer.status() + " " + answer.body());
        }
        return state;
    }

    private long head() {
        Long head = jdbc.queryForObject("SELECT coalesce(max(globalindex), 0) FROM domainevententry", Long.class);
        return head == null ? 0 : head;
    }

    /** Until the saga and the projectors have stopped appending and changing what the seeding started. */
    private void settle() {
        java.util.concurrent.atomic.AtomicReference<String> last = new java.util.concurrent.atomic.AtomicReference<>();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    String now = head() + " " + victimState();
                    return now.equals(last.getAndSet(now));
                });
    }

    private static String abbreviate(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ");
        return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.UTF_8))
                        .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
