package io.tenfold.augment;

import io.tenfold.validation.InvalidFieldException;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The versioned JSON document of an {@link AugmentationPolicy}. */
final class PolicyJson {

    static final int VERSION = 1;
    private static final Set<String> FIELDS = Set.of("version", "inputSize", "transforms");
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private PolicyJson() {
    }

    static AugmentationPolicy read(String json, TransformRegistry registry) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new InvalidFieldException("", "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidFieldException("", "must be a JSON object {\"version\": 1, \"inputSize\": ..., \"transforms\": [...]}");
        }
        for (String field : root.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw new InvalidFieldException(field, "unknown field; known: version, inputSize, transforms");
            }
        }
        JsonNode version = root.get("version");
        if (version == null || version.isNull()) {
            throw new InvalidFieldException("version", "required (this build reads version " + VERSION + ")");
        }
        if (SpecReader.integer("version", version) != VERSION) {
            throw new InvalidFieldException("version", "unsupported " + version + "; this build reads version " + VERSION);
        }
        JsonNode size = root.get("inputSize");
        if (size == null || size.isNull()) {
            throw new InvalidFieldException("inputSize", "required");
        }
        int inputSize = AugmentationPolicy.checkInputSize(SpecReader.integer("inputSize", size));
        SpecReader in = new SpecReader(root, inputSize, registry);
        return new AugmentationPolicy(inputSize, new Compose(in.transforms("transforms")));
    }

    static String write(AugmentationPolicy policy, TransformRegistry registry) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("version", VERSION);
        root.put("inputSize", policy.inputSize());
        new SpecWriter(root, registry).transforms("transforms", policy.transforms().transforms());
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }
}
