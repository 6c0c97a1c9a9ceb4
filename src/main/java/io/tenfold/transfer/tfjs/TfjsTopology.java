package io.tenfold.transfer.tfjs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the {@code modelTopology} of a TF.js model.json into the Keras model JSON that
 * DL4J 1.0.0-M2.1's {@code KerasModel} accepts:
 * <ul>
 * <li>unwraps {@code {"model_config": ...}} (the converter's form) or takes the topology itself
 * (the form {@code tf.LayersModel.save()} writes);</li>
 * <li>sets {@code keras_version} when missing or not numeric (TF.js writes
 * {@code "tfjs-layers x.y.z"}, DL4J reads the first character as the major version) and
 * {@code backend} when missing or unknown to DL4J ({@code "tensor_flow.js"}): DL4J derives the
 * dimension order from it;</li>
 * <li>rewrites a {@code Sequential} model as a functional {@code Model} (so the result is always
 * a ComputationGraph), adding the input layer TF.js would add;</li>
 * <li>writes integral values of floating-point fields as doubles: JavaScript prints
 * {@code 6.0} as {@code 6}, and DL4J casts several fields straight to {@code Double}
 * (ReLU {@code max_value}, BatchNormalization {@code epsilon}, initializer and regularizer
 * parameters, ...);</li>
 * <li>renames the newer InputLayer field {@code batch_shape} to {@code batch_input_shape}, and adds
 * {@code depth_multiplier: 1} to separable / depthwise convolutions that lack it (TF.js omits it
 * for SeparableConv2D; DL4J needs it).</li>
 * </ul>
 */
final class TfjsTopology {

    /** Keras fields that DL4J reads as floating point; any other number is left alone. */
    static final Set<String> FLOAT_FIELDS = Set.of(
            "max_value", "negative_slope", "threshold", // ReLU
            "epsilon", "momentum", // BatchNormalization
            "alpha", "theta", // LeakyReLU, ELU, ThresholdedReLU
            "rate", "dropout", "recurrent_dropout", "stddev", // dropout, noise
            "scale", "minval", "maxval", "mean", "value", "gain", // initializers (BN's boolean "scale" is untouched)
            "l1", "l2", // regularizers
            "min_value", "mask_value"); // constraints, Masking

    private static final Set<String> DL4J_BACKENDS = Set.of("tensorflow", "theano", "cntk");

    /** A normalised functional model config, ready for DL4J, and its layers in order. */
    record Normalized(ObjectNode modelConfig, Map<String, String> layerClasses) {
    }

    private TfjsTopology() {
    }

    static Normalized normalize(JsonNode modelTopology) {
        if (modelTopology == null || !modelTopology.isObject()) {
            throw new TfjsImportException("model.json has no modelTopology object");
        }
        ObjectNode topology = (ObjectNode) modelTopology.deepCopy();
        ObjectNode model;
        JsonNode nested = topology.get("model_config");
        if (nested != null && nested.isObject()) {
            model = (ObjectNode) nested;
            copyIfAbsent(topology, model, "keras_version");
            copyIfAbsent(topology, model, "backend");
        } else {
            model = topology;
            model.remove("training_config");
        }

        JsonNode version = model.get("keras_version");
        if (version == null || !version.isString() || version.stringValue().isEmpty()
                || !Character.isDigit(version.stringValue().charAt(0))) {
            model.put("keras_version", "2");
        }
        JsonNode backend = model.get("backend");
        if (backend == null || !backend.isString() || !DL4J_BACKENDS.contains(backend.stringValue())) {
            model.put("backend", "tensorflow");
        }

        JsonNode className = model.get("class_name");
        if (className == null || !className.isString()) {
            throw new TfjsImportException("modelTopology has no class_name (expected Model, Functional or Sequential)");
        }
        switch (className.stringValue()) {
            case "Sequential" -> sequentialToFunctional(model);
            case "Model", "Functional" -> {
            }
            default -> throw new TfjsImportException("unsupported model class '" + className.stringValue()
                    + "' (expected Model, Functional or Sequential)");
        }

        JsonNode config = model.get("config");
        JsonNode layers = config == null ? null : config.get("layers");
        if (layers == null || !layers.isArray() || layers.isEmpty()) {
            throw new TfjsImportException("modelTopology has no layers");
        }
        Map<String, String> layerClasses = new LinkedHashMap<>();
        for (JsonNode layer : layers) {
            String name = layer.path("name").isString() ? layer.get("name").stringValue() : null;
            JsonNode layerConfig = layer.get("config");
            if (name == null && layerConfig != null && layerConfig.path("name").isString()) {
                name = layerConfig.get("name").stringValue();
            }
            if (name == null || !layer.path("class_name").isString() || layerConfig == null || !layerConfig.isObject()) {
                throw new TfjsImportException("a layer of the topology lacks name, class_name or config: "
                        + abbreviate(layer.toString()));
            }
            if (layerClasses.put(name, layer.get("class_name").stringValue()) != null) {
                throw new TfjsImportException("two layers are named '" + name + "'");
            }
            addDefaults(layer.get("class_name").stringValue(), (ObjectNode) layerConfig);
        }
        coerceFloats(model);
        return new Normalized(model, layerClasses);
    }

    /**
     * Rewrites a Sequential config (a layer list, or {@code {name, layers}}) as a functional
     * Model: an input layer named like TF.js names it ({@code <first layer>_input}) unless the
     * first layer is already an InputLayer, and a chain of inbound nodes.
     */
    private static void sequentialToFunctional(ObjectNode model) {
        JsonNode config = model.get("config");
        JsonNode layerList;
        String name = "sequential";
        if (config != null && config.isArray()) {
            layerList = config;
        } else if (config != null && config.isObject() && config.path("layers").isArray()) {
            layerList = config.get("layers");
            if (config.path("name").isString()) {
                name = config.get("name").stringValue();
            }
        } else {
            throw new TfjsImportException("Sequential modelTopology has no layer list");
        }
        if (layerList.isEmpty()) {
            throw new TfjsImportException("Sequential modelTopology has no layers");
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<ObjectNode> layers = new ArrayList<>();
        for (JsonNode l : layerList) {
            if (!l.isObject()) {
                throw new TfjsImportException("a layer of the Sequential topology is not an object");
            }
            layers.add((ObjectNode) l.deepCopy());
        }
        ObjectNode first = layers.get(0);
        JsonNode firstConfig = first.path("config");
        if (!"InputLayer".equals(first.path("class_name").asString(""))) {
            JsonNode shape = firstConfig.get("batch_input_shape");
            if (shape == null) {
                shape = firstConfig.get("batch_shape");
            }
            if (shape == null || !shape.isArray()) {
                throw new TfjsImportException("Sequential model: the first layer '" + firstConfig.path("name").asString("?")
                        + "' has no batch_input_shape, so the input shape is unknown");
            }
            String inputName = firstConfig.path("name").asString("sequential") + "_input";
            ObjectNode input = f.objectNode();
            input.put("class_name", "InputLayer");
            input.put("name", inputName);
            ObjectNode inputConfig = input.putObject("config");
            inputConfig.set("batch_input_shape", shape.deepCopy());
            inputConfig.put("dtype", firstConfig.path("dtype").asString("float32"));
            inputConfig.put("sparse", false);
            inputConfig.put("name", inputName);
            input.putArray("inbound_nodes");
            layers.add(0, input);
        }
        String previous = null;
        ArrayNode out = f.arrayNode();
        for (ObjectNode layer : layers) {
            String layerName = layer.path("name").isString() ? layer.get("name").stringValue()
                    : layer.path("config").path("name").asString(null);
            if (layerName == null) {
                throw new TfjsImportException("a layer of the Sequential topology has no name");
            }
            layer.put("name", layerName);
            ArrayNode inbound = f.arrayNode();
            if (previous != null) {
                ArrayNode node = inbound.addArray();
                ArrayNode edge = node.addArray();
                edge.add(previous).add(0).add(0).addObject();
            }
            layer.set("inbound_nodes", inbound);
            out.add(layer);
            previous = layerName;
        }
        ObjectNode functional = f.objectNode();
        functional.put("name", name);
        functional.set("layers", out);
        functional.putArray("input_layers").addArray().add(layers.get(0).get("name").stringValue()).add(0).add(0);
        functional.putArray("output_layers").addArray().add(previous).add(0).add(0);
        model.put("class_name", "Model");
        model.set("config", functional);
    }

    /** Keras defaults that TF.js may leave out but DL4J reads unconditionally. */
    private static void addDefaults(String className, ObjectNode config) {
        switch (className) {
            case "InputLayer" -> {
                if (!config.has("batch_input_shape") && config.has("batch_shape")) {
                    config.set("batch_input_shape", config.get("batch_shape"));
                }
            }
            case "SeparableConv2D", "SeparableConvolution2D", "DepthwiseConv2D" -> {
                // TF.js 4.22 omits depth_multiplier from SeparableConv2D configs; DL4J unboxes it.
                if (!config.has("depth_multiplier") || config.get("depth_multiplier").isNull()) {
                    config.put("depth_multiplier", 1);
                }
            }
            default -> {
            }
        }
    }

    /** Recursively turns integral numbers under {@link #FLOAT_FIELDS} into doubles. */
    static void coerceFloats(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> e : new ArrayList<>(object.properties())) {
                JsonNode v = e.getValue();
                if (v.isIntegralNumber() && FLOAT_FIELDS.contains(e.getKey())) {
                    object.put(e.getKey(), v.doubleValue());
                } else {
                    coerceFloats(v);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (JsonNode v : array) {
                coerceFloats(v);
            }
        }
    }

    private static void copyIfAbsent(ObjectNode from, ObjectNode to, String field) {
        if (!to.has(field) && from.has(field)) {
            to.set(field, from.get(field));
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
