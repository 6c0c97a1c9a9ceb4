package io.tenfold.transfer.tfjs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * An imported TF.js layers model.
 *
 * @param graph       the initialised graph with the imported weights (no loss layer)
 * @param inputTypes  the input of each network input, in order, as the Keras input layer declares it
 *                    (for an image model: {@code InputTypeConvolutional} with its height, width,
 *                    channels and format, NHWC for TF.js models)
 * @param outputNames the network outputs, in order (the Keras model's output layers)
 */
public record TfjsImportedModel(ComputationGraph graph, Map<String, InputType> inputTypes, List<String> outputNames) {

    public TfjsImportedModel {
        inputTypes = Collections.unmodifiableMap(new LinkedHashMap<>(inputTypes));
        outputNames = List.copyOf(outputNames);
    }
}
