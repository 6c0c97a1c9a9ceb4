package io.tenfold.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Declares the API key in the OpenAPI document, as the HTTP bearer scheme {@value #SCHEME} that every operation
 * needs (so that Swagger UI's "Authorize" sends it), and adds the 401 and 403 answers to every operation.
 */
@Component
class ApiKeyOpenApiCustomizer implements OpenApiCustomizer {

    static final String SCHEME = "api-key";

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents().addSecuritySchemes(SCHEME, new SecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .bearerFormat("tf_...")
                .description("An API key, sent as 'Authorization: Bearer <key>' (or 'X-API-Key: <key>'). Scopes: "
                        + "classify, train, admin (admin implies the others); see docs/security.md. While the "
                        + "service has no key at all, it needs none."));
        if (openApi.getSecurity() == null || openApi.getSecurity().stream().noneMatch(r -> r.containsKey(SCHEME))) {
            openApi.addSecurityItem(new SecurityRequirement().addList(SCHEME));
        }
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
            problem(operation, 401, "No API key, or one that is unknown or revoked",
                    "The API key is not valid: it is unknown or has been revoked.");
            problem(operation, 403, "The API key lacks the scope this operation needs",
                    "POST /api/v1/jobs needs the 'train' scope; the API key 'reader' has classify.");
        }));
    }

    private static void problem(Operation operation, int status, String description, String detail) {
        MediaType problem = new MediaType()
                .schema(new Schema<>().$ref("#/components/schemas/Problem"))
                .example(Map.of("type", "about:blank", "status", status, "detail", detail));
        operation.getResponses().putIfAbsent(String.valueOf(status), new ApiResponse().description(description)
                .content(new Content().addMediaType("application/problem+json",
                        problem)));
    }
}
