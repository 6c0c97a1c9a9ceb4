package io.tenfold.transfer;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Freezes the whole backbone and puts a new softmax head, sized to the dataset's classes, on its
 * feature vertex. Returns a new graph; the base graph is not changed.
 */
public final class FeatureExtractorStrategy {

    public static final String NAME = "feature-extractor";
    public static final String HEAD = "tenfold_head";

    public ComputationGraph apply(ComputationGraph base, BaseModel model, int numClasses, HeadOptions options) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("a classifier needs at least two classes");
        }
        String feature = model.featureVertex();
        long featureSize = featureSize(base, model);
        FineTuneConfiguration fineTune = new FineTuneConfiguration.Builder()
                .updater(new Adam(options.learningRate()))
                .seed(options.seed())
                .build();
        TransferLearning.GraphBuilder builder = new TransferLearning.GraphBuilder(base.clone())
                .fineTuneConfiguration(fineTune)
                .setFeatureExtractor(feature);
        for (String vertex : verticesAfter(base, feature)) {
            builder.removeVertexAndConnections(vertex);
        }
        return builder
                .addLayer(HEAD, new OutputLayer.Builder(LossFunction.MCXENT)
                        .nIn(featureSize)
                        .nOut(numClasses)
                        .activation(Activation.SOFTMAX)
                        .weightInit(WeightInit.XAVIER)
                        .build(), feature)
                .setOutputs(HEAD)
                .build();
    }

    /** The options of the new head's training. */
    public record HeadOptions(double learningRate, long seed) {

        public HeadOptions {
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("learningRate must be positive");
            }
        }
    }

    private static long featureSize(ComputationGraph base, BaseModel model) {
        int size = model.preprocessing().inputSize();
        Map<String, InputType> types = base.getConfiguration()
                .getLayerActivationTypes(InputType.convolutional(size, size, 3, CNN2DFormat.NHWC));
        InputType type = types.get(model.featureVertex());
        if (type == null) {
            throw new IllegalArgumentException("base model has no vertex " + model.featureVertex());
        }
        return type.arrayElementsPerExample();
    }

    /** Every vertex that is not needed to compute {@code feature}: the old head. */
    static Set<String> verticesAfter(ComputationGraph graph, String feature) {
        Map<String, List<String>> inputs = graph.getConfiguration().getVertexInputs();
        Set<String> needed = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(feature));
        while (!todo.isEmpty()) {
            String vertex = todo.pop();
            if (needed.add(vertex)) {
                todo.addAll(inputs.getOrDefault(vertex, List.of()));
            }
        }
        Set<String> after = new HashSet<>(graph.getConfiguration().getVertices().keySet());
        after.removeAll(needed);
        return after;
    }
}
