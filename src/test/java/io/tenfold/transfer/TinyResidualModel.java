package io.tenfold.transfer;

import io.tenfold.image.Preprocessing;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * A pretend pretrained backbone, small enough to train in milliseconds, shaped like MobileNetV2:
 * 8x8 NHWC input, a stem, a residual block (its batch-normalised branch is added to its input),
 * a plain block, a top 1x1 convolution, global pooling as the features, and an old dense head
 * without a loss, as imported Keras models have.
 */
class TinyResidualModel implements BaseModel {

    static final int SIZE = 8;

    @Override
    public String name() {
        return "tiny";
    }

    @Override
    public Preprocessing preprocessing() {
        return Preprocessing.unitRange(SIZE);
    }

    @Override
    public String featureVertex() {
        return "pool";
    }

    @Override
    public List<Block> blocks() {
        return List.of(new Block("top", "top_relu"), new Block("block_2", "b2_relu"),
                new Block("block_1", "b1_add"), new Block("stem", "stem_relu"));
    }

    @Override
    public ComputationGraph load() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(42)
                .updater(new Sgd(0.1))
                .weightInit(WeightInit.XAVIER)
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.convolutional(SIZE, SIZE, 3, CNN2DFormat.NHWC))
                .addLayer("stem_conv", conv(4, 3, 1), "input")
                .addLayer("stem_bn", bn(), "stem_conv")
                .addLayer("stem_relu", relu(), "stem_bn")
                .addLayer("b1_conv", conv(4, 3, 1), "stem_relu")
                .addLayer("b1_bn", bn(), "b1_conv")
                .addVertex("b1_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "stem_relu", "b1_bn")
                .addLayer("b2_conv", conv(6, 3, 2), "b1_add")
                .addLayer("b2_bn", bn(), "b2_conv")
                .addLayer("b2_relu", relu(), "b2_bn")
                .addLayer("top_conv", conv(8, 1, 1), "b2_relu")
                .addLayer("top_relu", relu(), "top_conv")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "top_relu")
                .addLayer("old_head", new DenseLayer.Builder().nOut(5).activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("old_head")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    private static ConvolutionLayer conv(int channels, int kernel, int stride) {
        return new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).nOut(channels)
                .activation(Activation.IDENTITY).dataFormat(CNN2DFormat.NHWC).build();
    }

    private static BatchNormalization bn() {
        return new BatchNormalization.Builder().dataFormat(CNN2DFormat.NHWC).build();
    }

    private static ActivationLayer relu() {
        return new ActivationLayer.Builder().activation(Activation.RELU).build();
    }
}
