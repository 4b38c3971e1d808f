package org.ledgerline.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import jakarta.annotation.Nullable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ledgerline.http.Access;
import org.ledgerline.http.Caller;
import org.ledgerline.projections.progress.ReadYourWrites;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * The OpenAPI document ({@code /v3/api-docs}, UI at {@code /swagger-ui.html}): every operation lists the
 * problem+json errors it can answer, and the bearer scheme. The document says what the server does
 * ({@code OpenApiDocumentIT}; the bad-input fuzzer checks answers against it): the caller comes from the token, never
 * from a parameter; money amounts are decimal strings; every property of an answer is always written, {@code null}
 * only where the record component is {@link Nullable}. Each operation states who may call it, from its controller's
 * {@link Access} rule: {@code security} (the bearer scheme; none for a public operation), {@code x-ledgerline-access}
 * ({@code public}, {@code authenticated}, {@code customer}, {@code admin}, {@code owner-or-admin}) and, for the owner
 * rule, {@code x-ledgerline-owner} (the path parameter naming the owned resource). An operation without a rule keeps
 * the document's default (bearer) and no {@code x-ledgerline-access}: the security test suite fails for it.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String PROBLEM = "Problem";
    private static final String SCHEMAS = "#/components/schemas/";

    static {
        // Resolved from the bearer token by CallerArgumentResolver: springdoc would list it as a required query.
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenAPI ledgerlineOpenApi() {
        Schema<?> problem = new ObjectSchema()
                .addProperty("type", typed("string").format("uri"))
                .addProperty("title", typed("string"))
                .addProperty("status", typed("integer"))
                .addProperty("detail", typed("string"))
                .addProperty("instance", typed("string").format("uri"))
                .addProperty(
                        "errors",
                        typed("array")
                                .items(typed("object")
                                        .addProperty("field", typed("string"))
                                        .addProperty("message", typed("string"))));
        problem.setRequired(List.of("type", "title", "status", "detail"));
        return new OpenAPI()
                .info(new Info()
                        .title("Ledgerline API")
                        .version("v1")
                        .description("Commands and queries of the Ledgerline commerce platform. Errors are "
                                + "RFC 9457 problem+json."))
                .components(new Components()
                        .addSchemas(PROBLEM, problem)
                        .addSecuritySchemes(
                                "bearer",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    /** A schema of one type, for OpenAPI 3.0 ({@code type}) and 3.1 ({@code types}) alike. */
    private static Schema<Object> typed(String type) {
        Schema<Object> schema = new Schema<>().type(type);
        schema.addType(type);
        return schema;
    }

    @Bean
    OperationCustomizer problemResponsesInOpenApi() {
        Map<String, String> common = Map.of(
                "400", "Invalid request: validation errors, malformed JSON or wrong types",
                "401", "No valid bearer token",
                "403", "The caller's role does not allow this",
                "404", "No such resource",
                "406", "The Accept header names no type this operation answers",
                "429", "Too many requests; see Retry-After");
        Map<String, String> commands = Map.of(
                "409", "Version conflict (If-Match), illegal state transition or a value already taken",
                "413", "Request body larger than the server takes",
                "415", "Request body not sent as application/json",
                "422", "Idempotency-Key reused with a different request");
        return (operation, handlerMethod) -> {
            common.forEach((code, text) -> operation.getResponses().putIfAbsent(code, problem(text)));
            boolean isCommand =
                    handlerMethod.getMethodAnnotation(org.springframework.web.bind.annotation.PostMapping.class)
                            != null;
            if (isCommand) {
                commands.forEach((code, text) -> operation.getResponses().putIfAbsent(code, problem(text)));
            }
            boolean readsYourWrites = operation.getParameters() != null
                    && operation.getParameters().stream()
                            .anyMatch(parameter -> ReadYourWrites.HEADER.equals(parameter.getName()));
            if (readsYourWrites) {
                operation
                        .getResponses()
                        .putIfAbsent(
                                "503",
                                problem(
                                        "The read model has not reached X-Ledgerline-Min-Position in time; see Retry-After"));
            }
            return operation;
        };
    }

    /** Who may call each operation, as its controller declares it with {@link Access} (method over class). */
    @Bean
    OperationCustomizer accessRulesInOpenApi() {
        return (operation, handlerMethod) -> {
            Access access = AnnotatedElementUtils.findMergedAnnotation(handlerMethod.getMethod(), Access.class);
            if (access == null) {
                access = AnnotatedElementUtils.findMergedAnnotation(handlerMethod.getBeanType(), Access.class);
            }
            if (access == null) {
                return operation;
            }
            operation.setSecurity(
                    access.value() == Access.Rule.PUBLIC
                            ? new ArrayList<>()
                            : new ArrayList<>(List.of(new SecurityRequirement().addList("bearer"))));
            operation.addExtension("x-ledgerline-access", access.value().documented());
            if (access.value() == Access.Rule.OWNER_OR_ADMIN) {
                operation.addExtension("x-ledgerline-owner", access.owner());
            }
            return operation;
        };
    }

    /** A record component annotated {@link Nullable} may be written as {@code null}. */
    @Bean
    PropertyCustomizer nullableProperties() {
        return (property, type) -> type.getCtxAnnotations() != null
                        && Arrays.stream(type.getCtxAnnotations()).anyMatch(Nullable.class::isInstance)
                ? nullable(property)
                : property;
    }

    private static Schema<?> nullable(Schema<?> property) {
        if (property.get$ref() != null) {
            return new Schema<>()
                    .anyOf(List.of(new Schema<>().$ref(property.get$ref()), nullType()))
                    .description(property.getDescription());
        }
        Set<String> types = new LinkedHashSet<>();
        if (property.getTypes() != null) {
            types.addAll(property.getTypes());
        } else if (property.getType() != null) {
            types.add(property.getType());
        }
        types.add("null");
        property.setTypes(types);
        return property;
    }

    private static Schema<?> nullType() {
        Schema<?> schema = new Schema<>();
        schema.addType("null");
        return schema;
    }

    /**
     * What springdoc cannot see: Jackson writes every property of an answer (nulls included), so each is required in
     * a schema only answers use; {@code MoneyBody}'s amount is written as a string; an event stream is text.
     */
    @Bean
    OpenApiCustomizer documentWhatTheServerWrites() {
        return openApi -> {
            Map<String, Schema> schemas = openApi.getComponents().getSchemas();
            Schema<?> money = schemas.get("MoneyBody");
            if (money != null && money.getProperties() != null) {
                money.getProperties()
                        .put(
                                "amount",
                                new StringSchema()
                                        .pattern("^-?[0-9]+(\\.[0-9]+)?$")
                                        .example("12.50")
                                        .description(
                                                "A decimal string, e.g. \"12.50\" (requests may send a JSON number)"));
            }
            Set<String> inRequests = new HashSet<>();
            Set<String> inResponses = new HashSet<>();
            openApi.getPaths()
                    .values()
                    .forEach(path -> path.readOperations().forEach(operation -> {
                        if (operation.getRequestBody() != null
                                && operation.getRequestBody().getContent() != null) {
                            operation
                                    .getRequestBody()
                                    .getContent()
                                    .values()
                                    .forEach(media -> collect(media.getSchema(), schemas, inRequests));
                        }
                        operation.getResponses().values().stream()
                                .filter(response -> response.getContent() != null)
                                .forEach(response -> response.getContent().forEach((type, media) -> {
                                    if (type.equals(org.springframework.http.MediaType.TEXT_EVENT_STREAM_VALUE)) {
                                        media.setSchema(new StringSchema().description("Server-Sent Events"));
                                    } else {
                                        collect(media.getSchema(), schemas, inResponses);
                                    }
                                }));
                    }));
            inResponses.removeAll(inRequests);
            inResponses.remove(PROBLEM);
            for (String name : inResponses) {
                Schema<?> schema = schemas.get(name);
                if (schema != null && schema.getProperties() != null) {
                    schema.setRequired(new ArrayList<>(schema.getProperties().keySet()));
                }
            }
            schemas.keySet().retainAll(reachable(openApi, schemas));
        };
    }

    /** Adds the names of the component schemas {@code schema} refers to, transitively. */
    private static void collect(Schema<?> schema, Map<String, Schema> schemas, Set<String> names) {
        if (schema == null) {
            return;
        }
        if (schema.get$ref() != null) {
            String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
            if (names.add(name)) {
                collect(schemas.get(name), schemas, names);
            }
            return;
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(property -> collect(property, schemas, names));
        }
        collect(schema.getItems(), schemas, names);
        if (schema.getAdditionalProperties() instanceof Schema<?> values) {
            collect(values, schemas, names);
        }
        for (List<Schema> parts : Arrays.asList(schema.getAnyOf(), schema.getOneOf(), schema.getAllOf())) {
            if (parts != null) {
                parts.forEach(part -> collect(part, schemas, names));
            }
        }
    }

    /** Schemas some operation uses (the ignored caller's would otherwise linger). */
    private static Set<String> reachable(OpenAPI openApi, Map<String, Schema> schemas) {
        Set<String> names = new HashSet<>();
        openApi.getPaths()
                .values()
                .forEach(path -> path.readOperations().forEach(operation -> {
                    if (operation.getRequestBody() != null
                            && operation.getRequestBody().getContent() != null) {
                        operation
                                .getRequestBody()
                                .getContent()
                                .values()
                                .forEach(media -> collect(media.getSchema(), schemas, names));
                    }
                    operation.getResponses().values().stream()
                            .filter(response -> response.getContent() != null)
                            .forEach(response -> response.getContent()
                                    .values()
                                    .forEach(media -> collect(media.getSchema(), schemas, names)));
                    if (operation.getParameters() != null) {
                        operation.getParameters().forEach(parameter -> collect(parameter.getSchema(), schemas, names));
                    }
                }));
        return names;
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse()
                .description(description)
                .content(new Content()
                        .addMediaType(
                                "application/problem+json",
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
    }
}
