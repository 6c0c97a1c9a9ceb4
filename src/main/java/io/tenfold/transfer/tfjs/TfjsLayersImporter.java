package io.tenfold.transfer.tfjs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.modelimport.keras.KerasLayer;
import org.deeplearning4j.nn.modelimport.keras.KerasModel;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports a TensorFlow.js layers model ({@code model.json} plus binary weight shards, the format
 * of {@code tfjs.converters.save_keras_model} and {@code LayersModel.save}) as a DL4J
 * {@link ComputationGraph}.
 *
 * <p>The topology goes through DL4J's Keras import ({@link KerasModel}) after the fixes
 * {@link TfjsTopology} applies; the weights are decoded from the manifest ({@link TfjsWeights}:
 * float32, int32, quantized uint8/uint16/float16, any number of groups and shards) and handed to
 * each Keras layer by name: a weight {@code "<layer>/<param>"} belongs to the layer with the
 * longest name that prefixes it ({@code :0} suffixes and intermediate scopes such as
 * {@code lstm/lstm_cell/kernel} are dropped from the parameter name). The training config is
 * ignored: the result has no loss layer, its outputs are the model's output layers.
 *
 * <p>Holds no state; each call builds a new graph (concurrent imports have not been exercised).
 */
public final class TfjsLayersImporter {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Pattern UNSUPPORTED_LAYER = Pattern.compile("Unsupported keras layer type (\\w+)");

    private TfjsLayersImporter() {
    }

    /** Imports the model whose {@code model.json} is at the root of {@code source}. */
    public static ComputationGraph importModel(TfjsModelSource source) {
        return importDetailed(source, TfjsModelSource.MODEL_JSON).graph();
    }

    /** Imports the model described by {@code modelJsonName} (relative to {@code source}). */
    public static ComputationGraph importModel(TfjsModelSource source, String modelJsonName) {
        return importDetailed(source, modelJsonName).graph();
    }

    /** Like {@link #importModel(TfjsModelSource)}, with the input types and output names. */
    public static TfjsImportedModel importDetailed(TfjsModelSource source) {
        return importDetailed(source, TfjsModelSource.MODEL_JSON);
    }

    /** Like {@link #importModel(TfjsModelSource, String)}, with the input types and output names. */
    public static TfjsImportedModel importDetailed(TfjsModelSource source, String modelJsonName) {
        JsonNode modelJson = readModelJson(source, modelJsonName);
        JsonNode format = modelJson.get("format");
        if (format != null && format.isString() && !format.stringValue().equals("layers-model")) {
            throw new TfjsImportException(modelJsonName + " of " + source.description() + " has format '"
                    + format.stringValue() + "'; only TF.js layers models (format layers-model) can be imported");
        }
        TfjsTopology.Normalized topology = TfjsTopology.normalize(modelJson.get("modelTopology"));
        List<TfjsWeights.Weight> weights = TfjsWeights.read(modelJson.get("weightsManifest"), source);
        return build(topology, weights);
    }

    static TfjsImportedModel build(TfjsTopology.Normalized topology, List<TfjsWeights.Weight> weights) {
        KerasModel kerasModel = kerasModel(topology);
        Map<String, KerasLayer> kerasLayers = kerasModel.getLayers();

        Map<String, Map<String, INDArray>> byLayer = assignToLayers(weights, topology.layerClasses());
        for (Map.Entry<String, KerasLayer> e : kerasLayers.entrySet()) {
            KerasLayer layer = e.getValue();
            Map<String, INDArray> params = byLayer.get(e.getKey());
            if (params == null) {
                if (layer.getNumParams() > 0) {
                    throw new TfjsImportException("layer '" + e.getKey() + "' (" + layer.getClassName() + ") has "
                            + layer.getNumParams() + " parameter arrays but the weights manifest has none for it");
                }
                continue;
            }
            if (layer.getNumParams() == 0) {
                throw new TfjsImportException("the weights manifest has weights " + params.keySet() + " for layer '"
                        + e.getKey() + "' (" + layer.getClassName() + "), which DL4J gives no parameters");
            }
            try {
                // DL4J's setWeights may remove entries it consumed or rejects; give it a copy.
                layer.setWeights(new HashMap<>(params));
            } catch (InvalidKerasConfigurationException | RuntimeException ex) {
                throw new TfjsImportException("cannot set the weights " + params.keySet() + " of layer '" + e.getKey()
                        + "' (" + layer.getClassName() + "): " + dl4jMessage(ex), ex);
            }
        }
        ComputationGraph graph;
        try {
            graph = kerasModel.getComputationGraph(true);
        } catch (InvalidKerasConfigurationException | UnsupportedKerasConfigurationException | RuntimeException ex) {
            throw new TfjsImportException("DL4J could not build the graph or copy the weights: " + dl4jMessage(ex), ex);
        }
        Map<String, InputType> inputTypes = new LinkedHashMap<>();
        for (String input : kerasModel.getInputLayerNames()) {
            inputTypes.put(input, kerasModel.getOutputTypes().get(input));
        }
        return new TfjsImportedModel(graph, inputTypes, graph.getConfiguration().getNetworkOutputs());
    }

    private static KerasModel kerasModel(TfjsTopology.Normalized topology) {
        String json = JSON.writeValueAsString(topology.modelConfig());
        try {
            return new KerasModel().modelBuilder().modelJson(json).enforceTrainingConfig(false).buildModel();
        } catch (UnsupportedKerasConfigurationException ex) {
            String message = dl4jMessage(ex);
            Matcher m = UNSUPPORTED_LAYER.matcher(message);
            if (m.find()) {
                List<String> names = new ArrayList<>();
                topology.layerClasses().forEach((name, cls) -> {
                    if (cls.equals(m.group(1))) {
                        names.add(name);
                    }
                });
                throw new TfjsImportException("layer " + names + " of class '" + m.group(1)
                        + "' is not supported by DL4J's Keras import", ex);
            }
            throw new TfjsImportException("unsupported topology: " + message, ex);
        } catch (IOException | InvalidKerasConfigurationException | RuntimeException ex) {
            throw new TfjsImportException("DL4J rejected the topology: " + dl4jMessage(ex) + raisedIn(ex), ex);
        }
    }

    /** Groups the weights by layer, keyed by Keras parameter name. */
    static Map<String, Map<String, INDArray>> assignToLayers(List<TfjsWeights.Weight> weights,
                                                             Map<String, String> layerClasses) {
        Map<String, Map<String, INDArray>> byLayer = new LinkedHashMap<>();
        for (TfjsWeights.Weight w : weights) {
            String name = w.name().replaceFirst(":\\d+$", "");
            String layer = null;
            for (String candidate : layerClasses.keySet()) {
                if (name.startsWith(candidate + "/") && (layer == null || candidate.length() > layer.length())) {
                    layer = candidate;
                }
            }
            if (layer == null) {
                throw new TfjsImportException("weight '" + w.name() + "' does not belong to any layer of the topology"
                        + " (expected a name '<layer>/<param>')");
            }
            String rest = name.substring(layer.length() + 1);
            String param = rest.substring(rest.lastIndexOf('/') + 1);
            if (param.isEmpty()) {
                throw new TfjsImportException("weight '" + w.name() + "' has no parameter name after the layer name");
            }
            INDArray array = Nd4j.create(w.values(), w.shape(), 'c');
            Map<String, INDArray> params = byLayer.computeIfAbsent(layer, k -> new LinkedHashMap<>());
            if (params.put(param, array) != null) {
                throw new TfjsImportException("layer '" + layer + "' receives parameter '" + param
                        + "' twice (last from weight '" + w.name() + "')");
            }
        }
        return byLayer;
    }

    /**
     * Which DL4J Keras layer class raised an unexpected exception (a NullPointerException or
     * ClassCastException from a field it expected), so that the message points at a layer type.
     */
    static String raisedIn(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                String cls = frame.getClassName();
                if (cls.startsWith("org.deeplearning4j.nn.modelimport.keras.layers.")) {
                    return " (raised in DL4J's " + cls.substring(cls.lastIndexOf('.') + 1)
                            + ": check the config of layers of that type)";
                }
            }
        }
        return "";
    }

    /** DL4J's message without the links to its documentation and issue tracker it appends. */
    static String dl4jMessage(Throwable ex) {
        String message = ex.getMessage();
        if (message == null || message.isBlank()) {
            return ex.getClass().getSimpleName();
        }
        return message.replaceAll("\\s*(For more information, see|Please file an issue at) \\S+\\s*$", "").trim();
    }

    private static JsonNode readModelJson(TfjsModelSource source, String name) {
        try (InputStream in = source.open(name)) {
            JsonNode node = JSON.readTree(in);
            if (node == null || !node.isObject()) {
                throw new TfjsImportException(name + " of " + source.description() + " is not a JSON object");
            }
            return node;
        } catch (NoSuchFileException | FileNotFoundException ex) {
            throw new TfjsImportException(name + " is missing from " + source.description(), ex);
        } catch (IOException ex) {
            throw new TfjsImportException("cannot read " + name + " from " + source.description() + ": " + ex, ex);
        } catch (JacksonException ex) {
            throw new TfjsImportException(name + " of " + source.description() + " is not valid JSON: "
                    + ex.getOriginalMessage(), ex);
        } catch (IllegalArgumentException ex) {
            throw new TfjsImportException("bad model file name '" + name + "': " + ex.getMessage(), ex);
        }
    }
}
