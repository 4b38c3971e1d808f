package org.ledgerline.platform.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The operations of the platform's OpenAPI document with the access rule each states ({@code x-ledgerline-access},
 * {@code x-ledgerline-owner}, {@code security}), and a plausible JSON body for a command, built from its schema so
 * that a refusal the suite expects from the controller (403, 404) is not pre-empted by a 400.
 */
final class ApiOperations {

    static final List<String> RULES = List.of("public", "authenticated", "customer", "admin", "owner-or-admin");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode document;

    ApiOperations(JsonNode document) {
        this.document = document;
    }

    /** One operation and the rule the document states for it ({@code rule} null: none). */
    record Operation(
            String method,
            String path,
            String rule,
            String owner,
            JsonNode security,
            List<String> pathParameters,
            List<String> requiredQuery,
            JsonNode bodySchema,
            boolean streams) {

        String id() {
            return method + " " + path;
        }

        boolean isCommand() {
            return !method.equals("GET") && !method.equals("HEAD");
        }
    }

    List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
                JsonNode operation = entry.getValue();
                List<String> pathParameters = new ArrayList<>();
                List<String> requiredQuery = new ArrayList<>();
                operation.path("parameters").forEach(parameter -> {
                    String in = parameter.path("in").asString();
                    if (in.equals("path")) {
                        pathParameters.add(parameter.path("name").asString());
                    } else if (in.equals("query") && parameter.path("required").asBoolean(false)) {
                        requiredQuery.add(parameter.path("name").asString());
                    }
                });
                JsonNode body = operation
                        .path("requestBody")
                        .path("content")
                        .path("application/json")
                        .path("schema");
                JsonNode access = operation.path("x-ledgerline-access");
                JsonNode owner = operation.path("x-ledgerline-owner");
                boolean streams = operation.path("responses").properties().stream()
                        .anyMatch(
                                response -> response.getValue().path("content").has("text/event-stream"));
                operations.add(new Operation(
                        entry.getKey().toUpperCase(Locale.ROOT),
                        path.getKey(),
                        access.isString() ? access.asString() : null,
                        owner.isString() ? owner.asString() : null,
                        operation.get("security"),
                        pathParameters,
                        requiredQuery,
                        body.isMissingNode() ? null : body,
                        streams));
            }
        }
        return operations;
    }

    /** What is wrong with the rule an operation states: empty when it states one the suite can attack. */
    static Optional<String> ruleProblem(Operation operation) {
        if (operation.rule() == null) {
            return Optional.of("states no access rule (x-ledgerline-access): annotate its controller method or "
                    + "class with @Access");
        }
        if (!RULES.contains(operation.rule())) {
            return Optional.of("states an unknown access rule '" + operation.rule() + "'");
        }
        boolean bearer = operation.security() != null
                && operation.security().valueStream().anyMatch(r -> r.has("bearer"));
        if (operation.rule().equals("public")) {
            if (operation.security() == null || !operation.security().isEmpty()) {
                return Optional.of("is public but its security is not [] (" + operation.security() + ")");
            }
        } else if (!bearer) {
            return Optional.of("is " + operation.rule() + " but its security names no bearer scheme ("
                    + operation.security() + ")");
        }
        if (operation.rule().equals("owner-or-admin")
                && (operation.owner() == null || !operation.pathParameters().contains(operation.owner()))) {
            return Optional.of("is owner-or-admin but x-ledgerline-owner (" + operation.owner() + ") names none of "
                    + "its path parameters " + operation.pathParameters());
        }
        return Optional.empty();
    }

    /**
     * A plausible body for {@code schema}: required properties and those {@code values} knows, values chosen by the
     * property's name
     * ({@code values} answers for names it knows, null otherwise), else by type.
     */
    JsonNode body(JsonNode schema, Function<String, JsonNode> values) {
        return value(schema, "body", values, 0);
    }

    private JsonNode value(JsonNode schema, String name, Function<String, JsonNode> values, int depth) {
        JsonNode resolved = resolve(schema);
        if (resolved.has("anyOf")) {
            return value(resolved.path("anyOf").path(0), name, values, depth);
        }
        List<String> types = types(resolved);
        boolean object = types.contains("object") || resolved.has("properties");
        if (!object) {
            JsonNode known = values.apply(name);
            if (known != null) {
                return known;
            }
        }
        if (resolved.has("enum")) {
            for (JsonNode option : resolved.path("enum")) {
                if (option.asString().equals("ADMIN")) {
                    return option; // the most an attacker could ask for
                }
            }
            return resolved.path("enum").path(0);
        }
        if (object) {
            ObjectNode body = NODES.objectNode();
            for (Map.Entry<String, JsonNode> property :
                    resolved.path("properties").properties()) {
                boolean required = resolved.path("required")
                        .valueStream()
                        .anyMatch(r -> r.asString().equals(property.getKey()));
                boolean known = values.apply(property.getKey()) != null;
                if ((required || known) && depth < 6) {
                    body.set(property.getKey(), value(property.getValue(), property.getKey(), values, depth + 1));
                }
            }
            return body;
        }
        String type = types.stream().filter(t -> !t.equals("null")).findFirst().orElse("string");
        return switch (type) {
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                array.add(value(resolved.path("items"), name, values, depth + 1));
                yield array;
            }
            case "integer", "number" ->
                NODES.numberNode(Math.max(1, resolved.path("minimum").asInt(1)));
            case "boolean" -> NODES.booleanNode(false);
            default ->
                resolved.path("format").asString("").equals("uuid")
                        ? NODES.stringNode(java.util.UUID.randomUUID().toString())
                        : NODES.stringNode("attack");
        };
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        while (current != null && current.has("$ref")) {
            String ref = current.path("$ref").asString();
            current = document.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
        }
        return current;
    }

    private static List<String> types(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            return type.valueStream().map(JsonNode::asString).toList();
        }
        return type.isString() ? List.of(type.asString()) : List.of();
    }
}
