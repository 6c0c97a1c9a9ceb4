package io.tenfold.system;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The published OpenAPI document: service description, and the problem+json errors every operation can return. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String PROBLEM = "Problem";

    static final String ANY_JSON = "a JSON value: a name or an object, see the field's description";

    static {
        // Job fields that take a name or an object are JsonNodes: document them as any JSON value (the
        // fields' own @Schema says which), not as the JsonNode class's getters.
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new Schema<>().description(ANY_JSON));
    }

    @Bean
    OpenAPI tenfoldOpenApi() {
        return new OpenAPI().info(new Info()
                .title("Tenfold")
                .version("v1")
                .description("Upload labelled image sets, fine-tune pretrained convolutional networks on them, "
                        + "and classify images with test-time augmentation (averaging over crops). Errors are "
                        + "RFC 9457 problem details (application/problem+json).")
                .license(new License().name("Apache-2.0").identifier("Apache-2.0")));
    }

    /** Adds the problem schema, and to each operation the 4xx answers it can give. */
    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                add(operation, "400", "Invalid request: the detail names what to change", 400,
                        "size: must be between 1 and 200");
                if (path.contains("{")) {
                    add(operation, "404", "No such resource", 404, "No job with id 'a1b2'.");
                }
                if (path.endsWith("/classify") || path.endsWith("/classify/batch")) {
                    add(operation, "413", "Image too large: its bytes, or the pixels its header declares", 413,
                            "the image declares 30000x30000 pixels; at most 40000000 are accepted");
                    add(operation, "415", "Not an image, or a format that is not supported", 415,
                            "the upload is not a JPEG, PNG, BMP or GIF image");
                    add(operation, "422", "An image that cannot be decoded, such as a truncated file", 422,
                            "the JPEG image is truncated or corrupt");
                    add(operation, "503", "The model's queue is full; retry after the Retry-After header's seconds",
                            503, "The model's queue is full; try again shortly.");
                    operation.getResponses().get("503").addHeaderObject("Retry-After", new Header()
                            .description("seconds to wait before retrying").schema(new IntegerSchema()));
                }
            }));
        };
    }

    /**
     * A property that is one of several schemas, or any JSON value, has no type of its own (springdoc
     * gives it "object", which would refuse the string form).
     */
    @Bean
    OpenApiCustomizer untypedJsonValues() {
        return openApi -> openApi.getComponents().getSchemas().values().forEach(schema -> {
            Map<String, Schema> properties = schema.getProperties();
            if (properties != null) {
                for (Schema<?> property : properties.values()) {
                    if (property.getOneOf() != null || ANY_JSON.equals(property.getDescription())) {
                        property.setType(null);
                        property.setTypes(null);
                    }
                }
            }
        });
    }

    private static void add(Operation operation, String status, String description, int code, String detail) {
        if (operation.getResponses().containsKey(status)) {
            return;
        }
        MediaType problem = new MediaType()
                .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))
                .example(Map.of("type", "about:blank", "title", description, "status", code, "detail", detail));
        operation.getResponses().addApiResponse(status, new ApiResponse().description(description)
                .content(new Content().addMediaType("application/problem+json", problem)));
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().example("about:blank"))
                .addProperty("title", new StringSchema().example("Invalid request"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema().example("epochs: must be greater than or equal to 1"))
                .addProperty("instance", new StringSchema().example("/api/v1/jobs"))
                .addProperty("field", new StringSchema().description("the request field at fault, if one is"));
    }
}
