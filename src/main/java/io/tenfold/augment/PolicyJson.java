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
    /** Most transforms in one policy, those inside containers included: the presets use six. */
    static final int MAX_TRANSFORMS = 64;
    /** Deepest nesting of containers (compose, random-apply, one-of) in one policy. */
    static final int MAX_DEPTH = 4;
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
        int count = count(root.get("transforms"), 1);
        if (count > MAX_TRANSFORMS) {
            throw new InvalidFieldException("transforms", "at most %d transforms in a policy, counting those inside "
                    .formatted(MAX_TRANSFORMS) + "containers; this one has " + count);
        }
        SpecReader in = new SpecReader(root, inputSize, registry);
        return new AugmentationPolicy(inputSize, new Compose(in.transforms("transforms")));
    }

    /** The transforms in a transforms array and the containers within it, refusing containers nested too deep. */
    private static int count(JsonNode transforms, int depth) {
        if (transforms == null || !transforms.isArray()) {
            return 0;
        }
        if (depth > MAX_DEPTH) {
            throw new InvalidFieldException("transforms", "containers nest at most %d deep".formatted(MAX_DEPTH));
        }
        int count = 0;
        for (JsonNode transform : transforms) {
            count += 1 + (transform.isObject() ? count(transform.get("transforms"), depth + 1)
                    + (transform.get("transform") != null ? count(JsonNodeFactory.instance.arrayNode()
                            .add(transform.get("transform")), depth + 1) : 0) : 0);
            if (count > MAX_TRANSFORMS) {
                return count;
            }
        }
        return count;
    }

    static String write(AugmentationPolicy policy, TransformRegistry registry) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("version", VERSION);
        root.put("inputSize", policy.inputSize());
        new SpecWriter(root, registry).transforms("transforms", policy.transforms().transforms());
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }
}
