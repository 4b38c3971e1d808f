package org.ledgerline.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document ({@code /v3/api-docs}, UI at {@code /swagger-ui.html}): every operation lists the
 * problem+json errors it can answer, and the bearer scheme.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String PROBLEM = "Problem";

    @Bean
    OpenAPI ledgerlineOpenApi() {
        Schema<?> problem = new ObjectSchema()
                .addProperty("type", new Schema<String>().type("string").format("uri"))
                .addProperty("title", new Schema<String>().type("string"))
                .addProperty("status", new Schema<Integer>().type("integer"))
                .addProperty("detail", new Schema<String>().type("string"))
                .addProperty("errors", new Schema<>().type("array").items(new ObjectSchema()
                        .addProperty("field", new Schema<String>().type("string"))
                        .addProperty("message", new Schema<String>().type("string"))));
        return new OpenAPI()
                .info(new Info().title("Ledgerline API").version("v1")
                                .description("Commands and queries of the Ledgerline commerce platform. Errors are "
                                                     + "RFC 9457 problem+json."))
                .components(new Components()
                                    .addSchemas(PROBLEM, problem)
                                    .addSecuritySchemes("bearer", new SecurityScheme()
                                            .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    @Bean
    OperationCustomizer problemResponsesInOpenApi() {
        Map<String, String> common = Map.of(
                "400", "Invalid request: validation errors, malformed JSON or wrong types",
                "401", "No valid bearer token",
                "403", "The caller's role does not allow this",
                "404", "No such resource",
                "429", "Too many requests; see Retry-After");
        Map<String, String> commands = Map.of(
                "409", "Version conflict (If-Match), illegal state transition or a value already taken",
                "422", "Idempotency-Key reused with a different request");
        return (operation, handlerMethod) -> {
            common.forEach((code, text) -> operation.getResponses().putIfAbsent(code, problem(text)));
            boolean isCommand = handlerMethod.getMethodAnnotation(
                    org.springframework.web.bind.annotation.PostMapping.class) != null;
            if (isCommand) {
                commands.forEach((code, text) -> operation.getResponses().putIfAbsent(code, problem(text)));
            }
            return operation;
        };
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(
                "application/problem+json",
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
    }

}
