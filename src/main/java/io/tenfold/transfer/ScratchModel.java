package io.tenfold.transfer;

import io.tenfold.image.Preprocessing;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;

/**
 * A network trained from random weights: 32x32 RGB inputs in [0, 1], NHWC like the imported
 * models, He initialisation, "same" padding, and the globally averaged activations of its last
 * block as the features ({@code features}). Subclasses add the body and list its blocks.
 */
abstract class ScratchModel implements BaseModel {

    static final int INPUT_SIZE = 32;
    static final String FEATURES = "features";

    private final String name;
    private final long seed;

    ScratchModel(String name, long seed) {
        this.name = name;
        this.seed = seed;
    }

    /** Adds the layers between {@code input} and the features; returns the last vertex. */
    abstract String addBody(GraphBuilder graph, String input);

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Preprocessing preprocessing() {
        return Preprocessing.unitRange(INPUT_SIZE);
    }

    @Override
    public final String featureVertex() {
        return FEATURES;
    }

    @Override
    public final boolean pretrained() {
        return false;
    }

    /** A new network, its weights drawn from the model's fixed seed. */
    @Override
    public final ComputationGraph load() {
        GraphBuilder graph = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.convolutional(INPUT_SIZE, INPUT_SIZE, 3, CNN2DFormat.NHWC));
        String last = addBody(graph, "input");
        graph.addLayer(FEATURES, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), last)
                .setOutputs(FEATURES);
        ComputationGraph network = new ComputationGraph(graph.build());
        network.init();
        return network;
    }

    /**
     * Adds {@code name_conv} (no bias: the normalisation's beta replaces it) and {@code name_bn};
     * returns the name of the last vertex added.
     */
    static String convBn(GraphBuilder graph, String name, String input, int channels, int kernel, int stride) {
        graph.addLayer(name + "_conv", new ConvolutionLayer.Builder(kernel, kernel)
                .stride(stride, stride)
                .nOut(channels)
                .hasBias(false)
                .activation(Activation.IDENTITY)
                .dataFormat(CNN2DFormat.NHWC)
                .build(), input);
        graph.addLayer(name + "_bn", new BatchNormalization.Builder().dataFormat(CNN2DFormat.NHWC).build(),
                name + "_conv");
        return name + "_bn";
    }

    /** {@link #convBn} followed by {@code name_relu}. */
    static String convBnRelu(GraphBuilder graph, String name, String input, int channels, int kernel, int stride) {
        return relu(graph, name + "_relu", convBn(graph, name, input, channels, kernel, stride));
    }

    static String relu(GraphBuilder graph, String name, String input) {
        graph.addLayer(name, new ActivationLayer.Builder().activation(Activation.RELU).build(), input);
        return name;
    }
}
