package org.ledgerline.platform.fuzz;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.ledgerline.platform.fuzz.ApiDocument.Operation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates requests for an operation of the OpenAPI document: first a plausible one from its schemas (real ids of
 * the fixtures where a parameter or field names one), then, most of the time, one hostile change to it - wrong JSON,
 * wrong types, absurd sizes and amounts, control characters, unknown ids, bad headers, missing or forged auth.
 */
final class HostileRequests {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Ids and tokens of things that exist, so that hostile input reaches real aggregates, not only 404s. */
    record Fixtures(
            String customerId,
            String customerToken,
            String adminToken,
            String strangerToken,
            String productId,
            String orderId,
            String sagaId,
            String processor,
            String model) {}

    /** One request as sent: {@code target} is already encoded (or deliberately not), headers are raw lines. */
    record Request(
            Operation operation,
            String method,
            String target,
            List<String> headers,
            byte[] body,
            String caller,
            String mutation) {

        boolean refusedByPath() {
            return mutation.startsWith("path:");
        }
    }

    private static final List<String> MALFORMED_JSON = List.of(
            "",
            "{",
            "}",
            "[",
            "{\"a\":}",
            "{\"a\" 1}",
            "nul",
            "{'single': 'quotes'}",
            "{\"a\":1,}",
            "[1,2",
            "\"unterminated",
            "{\"a\":01}",
            "{\"a\":NaN}",
            "{\"a\":Infinity}",
            "{\"a\":-}",
            "{\"a\":1e}",
            "{\"a\":\"\\x\"}",
            "{\"a\":\"\\u12\"}",
            "{} {}",
            "{\"a\":1}garbage",
            "\u0000",
            "{\"a\":\"b\"\u0000}",
            "<xml/>",
            "--",
            "/* c */ {}");
    private static final List<String> ABSURD_NUMBERS = List.of(
            "1e400",
            "-1e400",
            "1e20",
            "1e+26",
            "-1",
            "0",
            "-0",
            "0.1",
            "1.5",
            "0.000000000000000000001",
            "99999999999999999999999999999999999999",
            "-9223372036854775809",
            "9223372036854775808",
            "2147483648",
            "1E-400",
            "123456789012345.6789012345");
    private static final List<String> NASTY_TEXT = List.of(
            "\u0000",
            "a\u0000b",
            "\u0001",
            "\u001b[31m",
            "\u007f",
            "\u2028",
            "\ufeff",
            "\uffff",
            "\ud800",
            "\udfff",
            "x\r\nSet-Cookie: y",
            "' OR 1=1 --",
            "<script>",
            "../../etc/passwd",
            "%00",
            "${jndi:ldap://x}",
            "{{7*7}}",
            " ",
            "",
            "\t",
            "Ω≈ç√",
            "\ud83d\udca5");
    private static final List<String> BAD_PATH_VALUES = List.of(
            "not-a-uuid",
            "%00",
            "..%2f..%2fadmin",
            ";select",
            "%zz",
            "%F0%9F%92%A5",
            "-1",
            "99999999999999999999",
            "%20",
            "a%0Ab",
            "..",
            "x".repeat(600),
            "00000000-0000-0000-0000-000000000000",
            "%2e%2e",
            "%5c");
    private static final List<String> BAD_QUERY_VALUES = List.of(
            "-1",
            "0",
            "1e400",
            "abc",
            "99999999999999999999",
            "%00",
            "%zz",
            "2026-13-45",
            "P-1D",
            "x".repeat(5000),
            "%F0%9F%92%A5",
            "null",
            "[]",
            "%27%20OR%201%3D1");

    private final ApiDocument document;
    private final Fixtures fixtures;
    private final Random random;

    HostileRequests(ApiDocument document, Fixtures fixtures, Random random) {
        this.document = document;
        this.fixtures = fixtures;
        this.random = random;
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    Request next(Operation operation, String requestId) {
        String caller = pick(
                List.of("admin", "admin", "admin", "customer", "customer", "customer", "none", "forged", "stranger"));
        Map<String, String> pathValues = new java.util.LinkedHashMap<>();
        operation
                .parametersIn("path")
                .forEach(p -> pathValues.put(
                        p.path("name").asString(), pathValue(p.path("name").asString())));
        List<String[]> query = new ArrayList<>();
        for (JsonNode parameter : operation.parametersIn("query")) {
            if (parameter.path("required").asBoolean(false) || random.nextInt(3) == 0) {
                query.add(new String[] {
                    parameter.path("name").asString(),
                    encode(queryValue(parameter.path("name").asString(), parameter.path("schema")))
                });
            }
        }
        List<String> headers = new ArrayList<>();
        headers.add("X-Request-Id: " + requestId);
        JsonNode body = operation.requestBody() == null ? null : valid(operation.requestBody(), "body", 0);
        byte[] rawBody = null;
        String mutation = "none (plausible request)";
        String contentType = "application/json";
        int choice = random.nextInt(100);
        List<String> kinds = new ArrayList<>(List.of("auth", "header"));
        if (body != null) {
            kinds.addAll(List.of("body", "body", "body", "body", "body"));
        }
        if (!pathValues.isEmpty()) {
            kinds.addAll(List.of("path", "path"));
        }
        if (!operation.parametersIn("query").isEmpty()) {
            kinds.add("query");
        }
        if (choice < 12) {
            kinds.clear();
        }
        String kind = kinds.isEmpty() ? "none" : pick(kinds);
        switch (kind) {
            case "body" -> {
                Mutated mutated = mutateBody(body);
                mutation = "body: " + mutated.label();
                rawBody = mutated.bytes();
                body = null;
            }
            case "path" -> {
                String name = pick(new ArrayList<>(pathValues.keySet()));
                String value = random.nextBoolean() ? UUID.randomUUID().toString() : pick(BAD_PATH_VALUES);
                pathValues.put(name, value);
                mutation = "path: " + name + "=" + abbreviate(value);
            }
            case "query" -> {
                JsonNode parameter = pick(operation.parametersIn("query"));
                String name = parameter.path("name").asString();
                query.removeIf(pair -> pair[0].equals(name));
                String value = pick(BAD_QUERY_VALUES);
                query.add(new String[] {name, value});
                if (random.nextBoolean()) {
                    query.add(new String[] {name, "again"});
                }
                mutation = "query: " + name + "=" + abbreviate(value);
            }
            case "header" -> {
                String header = hostileHeader(operation);
                if (header.startsWith("Content-Type:")) {
                    contentType = null;
                }
                headers.add(header);
                mutation = "header: " + abbreviate(header);
            }
            case "auth" -> {
                caller = pick(List.of("none", "forged", "malformed", "stranger", "customer"));
                mutation = "auth: " + caller;
            }
            default -> {}
        }
        switch (caller) {
            case "admin" -> headers.add("Authorization: Bearer " + fixtures.adminToken());
            case "customer" -> headers.add("Authorization: Bearer " + fixtures.customerToken());
            case "stranger" -> headers.add("Authorization: Bearer " + fixtures.strangerToken());
            case "forged" ->
                headers.add("Authorization: Bearer "
                        + fixtures.adminToken()
                                .substring(0, fixtures.adminToken().length() - 6) + "AAAAAA");
            case "malformed" ->
                headers.add(pick(List.of(
                        "Authorization: Bearer",
                        "Authorization: Basic YWRtaW46YWRtaW4=",
                        "Authorization: Bearer a.b.c",
                        "Authorization: Bearer " + "x".repeat(4000),
                        "Authorization: bearer\t" + fixtures.customerToken())));
            default -> {}
        }
        if (body != null) {
            rawBody = body.toString().getBytes(StandardCharsets.UTF_8);
        }
        if (rawBody != null && contentType != null) {
            headers.add("Content-Type: " + contentType);
        }
        if (operation.method().equals("POST") && random.nextInt(4) == 0) {
            headers.add("Idempotency-Key: " + UUID.randomUUID());
        }
        String path = operation.path();
        for (Map.Entry<String, String> value : pathValues.entrySet()) {
            path = path.replace("{" + value.getKey() + "}", value.getValue());
        }
        StringBuilder target = new StringBuilder(path);
        for (int i = 0; i < query.size(); i++) {
            target.append(i == 0 ? '?' : '&')
                    .append(query.get(i)[0])
                    .append('=')
                    .append(query.get(i)[1]);
        }
        return new Request(operation, operation.method(), target.toString(), headers, rawBody, caller, mutation);
    }

    private String pathValue(String name) {
        return switch (name) {
            case "productId" -> fixtures.productId();
            case "orderId" -> fixtures.orderId();
            case "userId", "customerId" -> fixtures.customerId();
            case "sagaId" -> fixtures.sagaId();
            case "name", "processor" -> fixtures.processor();
            case "model" -> fixtures.model();
            default -> "x";
        };
    }

    private String queryValue(String name, JsonNode schema) {
        return switch (name) {
            case "processor" -> fixtures.processor();
            case "customerId" -> fixtures.customerId();
            case "aggregateId" -> random.nextBoolean() ? fixtures.orderId() : fixtures.productId();
            case "since" -> "2026-01-01";
            case "fromTime" -> "2026-01-01T00:00:00Z";
            case "olderThan" -> "PT1M";
            case "eventId" -> UUID.randomUUID().toString();
            case "type" -> "OrderPlaced";
            case "status" -> "CONFIRMED";
            case "state" -> "RUNNING";
            case "limit" -> "5";
            case "fromPosition", "afterPosition" -> "0";
            default -> {
                JsonNode resolved = document.resolve(schema);
                yield resolved.has("enum")
                        ? resolved.path("enum").path(0).asString()
                        : document.types(resolved).contains("integer") ? "1" : "x";
            }
        };
    }

    /** A plausible value for a schema, choosing real ids and sensible strings by the field's name. */
    private JsonNode valid(JsonNode schema, String name, int depth) {
        JsonNode resolved = document.resolve(schema);
        if (resolved.has("anyOf")) {
            return valid(resolved.path("anyOf").path(0), name, depth);
        }
        if (resolved.has("enum")) {
            return resolved.path("enum").path(0);
        }
        List<String> types = document.types(resolved);
        String type = types.stream()
                .filter(t -> !t.equals("null"))
                .findFirst()
                .orElse(resolved.has("properties") ? "object" : "string");
        return switch (type) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                for (Map.Entry<String, JsonNode> property :
                        resolved.path("properties").properties()) {
                    boolean required = resolved.path("required")
                            .valueStream()
                            .anyMatch(r -> r.asString().equals(property.getKey()));
                    if (required || (depth < 3 && random.nextBoolean())) {
                        object.set(property.getKey(), valid(property.getValue(), property.getKey(), depth + 1));
                    }
                }
                yield object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                array.add(valid(resolved.path("items"), name, depth + 1));
                yield array;
            }
            case "integer" ->
                NODES.numberNode(Math.max(1, resolved.path("minimum").asInt(1)));
            case "number" -> NODES.numberNode(1);
            case "boolean" -> NODES.booleanNode(false);
            default -> NODES.stringNode(text(name, resolved));
        };
    }

    private String text(String name, JsonNode schema) {
        return switch (name) {
            case "productId" -> fixtures.productId();
            case "orderId" -> random.nextBoolean() ? UUID.randomUUID().toString() : fixtures.orderId();
            case "userId", "customerId" -> fixtures.customerId();
            case "sagaIds" -> fixtures.sagaId();
            case "email" -> "fuzz-" + UUID.randomUUID() + "@example.com";
            case "password" -> "fuzz-password-1";
            case "currency" -> "EUR";
            case "amount" -> "1.00";
            case "role" -> "CUSTOMER";
            case "country" -> "DE";
            case "sku" -> "FZ-" + Integer.toString(random.nextInt(1_000_000), 36);
            case "action" -> "retry";
            case "allInState" -> "FAILED";
            default ->
                "uuid".equals(schema.path("format").asString(""))
                        ? UUID.randomUUID().toString()
                        : "fuzz";
        };
    }

    private record Mutated(String label, byte[] bytes) {}

    private Mutated mutateBody(JsonNode body) {
        int choice = random.nextInt(11);
        List<String[]> leaves = new ArrayList<>();
        collectLeaves(body, "", leaves);
        String[] leaf = leaves.isEmpty() ? new String[] {"", ""} : pick(leaves);
        return switch (choice) {
            case 0 -> {
                String text = pick(MALFORMED_JSON);
                yield new Mutated("malformed JSON " + abbreviate(text), text.getBytes(StandardCharsets.UTF_8));
            }
            case 1 -> {
                String value = pick(List.of("\"text\"", "true", "[]", "{}", "null", "12", "-3.5", "[1,\"a\"]"));
                yield json("wrong type " + leaf[0] + "=" + value, replace(body, leaf[0], value));
            }
            case 2 -> {
                String number = pick(ABSURD_NUMBERS);
                String value = random.nextBoolean() ? number : "\"" + number + "\"";
                yield json("absurd number " + leaf[0] + "=" + value, replace(body, leaf[0], value));
            }
            case 3 -> {
                String text = pick(NASTY_TEXT);
                String value = random.nextInt(3) == 0
                        ? pick(List.of(
                                "\"a\\u0000b\"",
                                "\"\\ud800\"",
                                "\"x\\udfffy\"",
                                "\"\\u0001\"",
                                "\"\u0000\"",
                                "\"tab\there\""))
                        : JSON.writeValueAsString(random.nextBoolean() ? text : "fuzz" + text + "fuzz");
                yield json("control/odd text " + leaf[0] + "=" + abbreviate(value), replace(body, leaf[0], value));
            }
            case 4 -> {
                int size = pick(List.of(256, 10_000, 200_000));
                yield json(
                        "huge string " + leaf[0] + " of " + size,
                        replace(body, leaf[0], "\"" + "A".repeat(size) + "\""));
            }
            case 5 -> json("missing " + leaf[0], replace(body, leaf[0], null));
            case 6 -> json("null " + leaf[0], replace(body, leaf[0], "null"));
            case 7 -> {
                int depth = pick(List.of(100, 2_000, 50_000));
                yield json(
                        "nested " + depth + " deep at " + leaf[0],
                        replace(body, leaf[0], "[".repeat(depth) + "]".repeat(depth)));
            }
            case 8 ->
                new Mutated(
                        "body of 1.5 MB",
                        ("{\"pad\":\"" + "p".repeat(1_500_000) + "\"}").getBytes(StandardCharsets.UTF_8));
            case 9 -> {
                // A string of invalid UTF-8 (0xC3 0x28) in place of a field's value.
                String marker = "__fuzz_utf8__";
                String text = leaf[0].isEmpty() ? "\"" + marker + "\"" : replace(body, leaf[0], "\"" + marker + "\"");
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                String[] parts = new String(bytes, StandardCharsets.ISO_8859_1).split(marker, 2);
                byte[] result = (parts[0] + "\u00c3(" + (parts.length > 1 ? parts[1] : ""))
                        .getBytes(StandardCharsets.ISO_8859_1);
                yield new Mutated("invalid UTF-8 at " + leaf[0], result);
            }
            default -> {
                String extra = body.isObject()
                        ? body.toString()
                                .replaceFirst(
                                        "\\{", "{\"__proto__\":{\"admin\":true}," + "\"@class\":\"java.lang.Runtime\",")
                        : body.toString();
                yield json("unknown fields", extra);
            }
        };
    }

    private static Mutated json(String label, String text) {
        return new Mutated(label, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void collectLeaves(JsonNode node, String path, List<String[]> leaves) {
        if (node.isObject()) {
            node.properties().forEach(p -> collectLeaves(p.getValue(), path + "/" + p.getKey(), leaves));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectLeaves(node.path(i), path + "/" + i, leaves);
            }
        }
        if (!path.isEmpty()) {
            leaves.add(new String[] {path, node.toString()});
        }
    }

    /** The body with the value at {@code pointer} replaced by raw JSON text ({@code null}: removed). */
    private static String replace(JsonNode body, String pointer, String rawValue) {
        if (pointer.isEmpty()) {
            return rawValue == null ? "" : rawValue;
        }
        String marker = "\"__fuzz_" + UUID.randomUUID() + "__\"";
        JsonNode copy = body.deepCopy();
        String parentPointer = pointer.substring(0, pointer.lastIndexOf('/'));
        String key = pointer.substring(pointer.lastIndexOf('/') + 1);
        JsonNode parent = parentPointer.isEmpty() ? copy : copy.at(parentPointer);
        if (parent instanceof ObjectNode object) {
            if (rawValue == null) {
                object.remove(key);
                return copy.toString();
            }
            object.put(key, marker.substring(1, marker.length() - 1));
        } else if (parent instanceof ArrayNode array) {
            int index = Integer.parseInt(key);
            if (rawValue == null) {
                array.remove(index);
                return copy.toString();
            }
            array.set(index, NODES.stringNode(marker.substring(1, marker.length() - 1)));
        }
        return copy.toString().replace(marker, rawValue);
    }

    private String hostileHeader(Operation operation) {
        List<String> headers = new ArrayList<>(List.of(
                "Content-Type: text/plain",
                "Content-Type: application/xml",
                "Content-Type: application/json; " + "charset=ISO-8859-1",
                "Content-Type: multipart/form-data; boundary=x",
                "Accept: image/png",
                "Accept: text/html",
                "Accept: application/xml",
                "X-Request-Id: " + "r".repeat(300),
                "X-Request-Id: a b\u0001",
                "X-Padding: " + "p".repeat(20_000),
                "Transfer-Encoding: chunked, identity",
                "X-Ledgerline-Min-Position: -1",
                "X-Ledgerline-Min-Position: abc",
                "X-Ledgerline-Min-Position: 99999999999999999999",
                "X-Ledgerline-Min-Position: 987654321",
                "X-Ledgerline-Min-Position: 0",
                "X-Ledgerline-Min-Position: 1e3"));
        if (operation.method().equals("POST")) {
            headers.addAll(List.of(
                    "If-Match: yesterday",
                    "If-Match: \"-1\"",
                    "If-Match: \"99999999999999999999\"",
                    "If-Match: \"0\", \"1\"",
                    "If-Match: W/\"x\"",
                    "If-Match: \"5\"",
                    "Idempotency-Key: ",
                    "Idempotency-Key: " + "k".repeat(300),
                    "Idempotency-Key: k\u0001ey",
                    "Idempotency-Key: k\u00e9y",
                    "Idempotency-Key: \u007f"));
        }
        return pick(headers);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("[\\p{Cntrl}]", "?");
        return printable.length() > 60 ? printable.substring(0, 60) + "…(" + text.length() + ")" : printable;
    }
}
