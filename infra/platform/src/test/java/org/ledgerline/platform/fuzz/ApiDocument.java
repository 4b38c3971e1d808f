package org.ledgerline.platform.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The platform's own OpenAPI document, read as the fuzzer needs it: its operations, and a check of a JSON answer
 * against a schema (the subset of JSON Schema the document uses: $ref, type and null, required, properties, items,
 * anyOf/oneOf, enum, pattern, uuid and date-time formats).
 */
final class ApiDocument {

    private static final Pattern DATE_TIME =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})");

    private final JsonNode document;

    ApiDocument(JsonNode document) {
        this.document = document;
    }

    /** One operation: method, path template, parameters, request body schema and documented answers. */
    record Operation(String method, String path, List<JsonNode> parameters, JsonNode requestBody, JsonNode responses) {

        String id() {
            return method + " " + path;
        }

        boolean streams() {
            return responses.path("200").path("content").has("text/event-stream");
        }

        List<JsonNode> parametersIn(String where) {
            return parameters.stream()
                    .filter(parameter -> where.equals(parameter.path("in").asString()))
                    .toList();
        }
    }

    List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> entry : path.getValue().properties()) {
                JsonNode operation = entry.getValue();
                List<JsonNode> parameters = new ArrayList<>();
                operation.path("parameters").forEach(parameters::add);
                JsonNode body = operation
                        .path("requestBody")
                        .path("content")
                        .path("application/json")
                        .path("schema");
                operations.add(new Operation(
                        entry.getKey().toUpperCase(java.util.Locale.ROOT),
                        path.getKey(),
                        parameters,
                        body.isMissingNode() ? null : body,
                        operation.path("responses")));
            }
        }
        return operations;
    }

    JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        while (current != null && current.has("$ref")) {
            String ref = current.path("$ref").asString();
            current = document.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
        }
        return current;
    }

    List<String> types(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            return type.valueStream().map(JsonNode::asString).toList();
        }
        return type.isString() ? List.of(type.asString()) : List.of();
    }

    /** What in {@code value} breaks {@code schema}: empty when it matches. */
    List<String> violations(JsonNode value, JsonNode schema, String where) {
        List<String> problems = new ArrayList<>();
        check(value, schema, where, problems);
        return problems;
    }

    private void check(JsonNode value, JsonNode schema, String where, List<String> problems) {
        schema = resolve(schema);
        if (schema == null || schema.isMissingNode()) {
            return;
        }
        for (String combinator : List.of("anyOf", "oneOf")) {
            if (schema.has(combinator)) {
                boolean matched = schema.path(combinator)
                        .valueStream()
                        .anyMatch(part -> violations(value, part, where).isEmpty());
                if (!matched) {
                    problems.add(where + ": matches none of " + combinator + " " + schema.path(combinator));
                }
                return;
            }
        }
        List<String> types = types(schema);
        if (value.isNull()) {
            if (!types.isEmpty() && !types.contains("null")) {
                problems.add(where + ": null, but the document says " + types + " (not nullable)");
            }
            return;
        }
        if (!types.isEmpty() && types.stream().noneMatch(type -> isOfType(value, type))) {
            problems.add(where + ": " + kind(value) + " " + abbreviate(value) + ", but the document says " + types);
            return;
        }
        if (schema.has("enum") && schema.path("enum").valueStream().noneMatch(value::equals)) {
            problems.add(where + ": " + abbreviate(value) + " is not one of " + schema.path("enum"));
        }
        if (value.isString()) {
            String text = value.asString();
            if (schema.has("pattern")
                    && !Pattern.compile(schema.path("pattern").asString())
                            .matcher(text)
                            .find()) {
                problems.add(where + ": '" + text + "' does not match "
                        + schema.path("pattern").asString());
            }
            String format = schema.path("format").asString("");
            if (format.equals("uuid") && !isUuid(text)) {
                problems.add(where + ": '" + text + "' is not a uuid");
            }
            if (format.equals("date-time") && !DATE_TIME.matcher(text).matches()) {
                problems.add(where + ": '" + text + "' is not a date-time");
            }
        }
        if (value.isObject()) {
            schema.path("required").forEach(required -> {
                if (!value.has(required.asString())) {
                    problems.add(where + ": required '" + required.asString() + "' is missing");
                }
            });
            for (Map.Entry<String, JsonNode> property :
                    schema.path("properties").properties()) {
                if (value.has(property.getKey())) {
                    check(
                            value.path(property.getKey()),
                            property.getValue(),
                            where + "." + property.getKey(),
                            problems);
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(value.path(i), schema.path("items"), where + "[" + i + "]", problems);
            }
        }
    }

    private static boolean isOfType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isString();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> true;
        };
    }

    private static String kind(JsonNode value) {
        return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String abbreviate(JsonNode value) {
        String text = value.toString();
        return text.length() > 80 ? text.substring(0, 80) + "…" : text;
    }

    private static boolean isUuid(String text) {
        try {
            return UUID.fromString(text).toString().equalsIgnoreCase(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
