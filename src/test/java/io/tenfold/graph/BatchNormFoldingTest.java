package io.tenfold.graph;

import io.tenfold.support.TrainedStatistics;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Folding batch norms changes no output: a small MobileNetV2-shaped graph with trained-looking
 * (random) batch statistics answers the same before and after, with the foldable batch norms and
 * activations gone and the others kept.
 */
class BatchNormFoldingTest {

    private static final int SIZE = 8;

    @Test
    void theFoldedGraphAnswersAsTheOriginalDoesWithFewerVertices() {
        ComputationGraph graph = graph();
        INDArray input = Nd4j.rand(DataType.FLOAT, 3, SIZE, SIZE, 3).subi(0.5).muli(4);
        INDArray expected = graph.outputSingle(false, input).dup();
        INDArray params = graph.params().dup();

        BatchNormFolding.Folded folded = BatchNormFolding.fold(graph);

        // stem (plain conv, then its ReLU6), depthwise (then its ReLU), project; not the two below
        assertThat(folded.batchNorms()).isEqualTo(3);
        assertThat(folded.activations()).isEqualTo(2);
        assertThat(names(folded.graph())).doesNotContain("stem_bn", "stem_relu", "dw_bn", "dw_relu", "project_bn")
                .contains("relu_conv_bn", "shared_bn");
        assertThat(folded.graph().getVertices()).hasSize(graph.getVertices().length - 5);
        INDArray actual = folded.graph().outputSingle(false, input);
        assertThat(maxDifference(expected, actual)).isLessThan(1e-5);
        assertThat(graph.params()).isEqualTo(params);
        assertThat(maxDifference(expected, graph.outputSingle(false, input))).isZero();
    }

    /**
     * A model trained as a feature extractor keeps its backbone in frozen wrappers; served, those
     * compute what they wrap, so their batch norms fold as the unwrapped graph's do.
     */
    @Test
    void frozenLayersFoldLikeTheLayersTheyWrap() {
        ComputationGraph frozen = new TransferLearning.GraphBuilder(graph())
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().build())
                .setFeatureExtractor("shared_bn")
                .build();
        assertThat(frozen.getLayer("stem_bn")).isInstanceOf(org.deeplearning4j.nn.layers.FrozenLayer.class);
        INDArray input = Nd4j.rand(DataType.FLOAT, 3, SIZE, SIZE, 3).subi(0.5).muli(4);
        INDArray expected = frozen.outputSingle(false, input).dup();

        BatchNormFolding.Folded folded = BatchNormFolding.fold(frozen);

        assertThat(folded.batchNorms()).isEqualTo(3);
        assertThat(folded.activations()).isEqualTo(2);
        assertThat(folded.graph().getLayers()).noneMatch(l -> l instanceof org.deeplearning4j.nn.layers.FrozenLayer);
        assertThat(maxDifference(expected, folded.graph().outputSingle(false, input))).isLessThan(1e-5);
    }

    @Test
    void aGraphWithoutFoldableBatchNormsIsCopiedAsItIs() {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(3).graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutional(SIZE, SIZE, 3, CNN2DFormat.NHWC))
                .addLayer("conv", conv(4, 3, Activation.RELU), "in")
                .addLayer("bn", bn(), "conv")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "bn")
                .addLayer("out", new OutputLayer.Builder(LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX)
                        .build(), "pool")
                .setOutputs("out").build());
        graph.init();
        TrainedStatistics.randomize(graph);
        INDArray input = Nd4j.rand(DataType.FLOAT, 2, SIZE, SIZE, 3);

        BatchNormFolding.Folded folded = BatchNormFolding.fold(graph);

        assertThat(folded.batchNorms()).isZero();
        assertThat(folded.graph().params()).isEqualTo(graph.params());
        assertThat(maxDifference(graph.outputSingle(false, input), folded.graph().outputSingle(false, input)))
                .isZero();
    }

    /**
     * in -> stem conv -> bn -> ReLU6 -> depthwise -> bn -> ReLU -> project conv -> bn -> + stem
     * output (a residual) -> conv with ReLU -> bn (not foldable: the activation comes first) ->
     * conv feeding both a bn and the head (not foldable: the conv's output is used elsewhere).
     */
    private static ComputationGraph graph() {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(7)
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutional(SIZE, SIZE, 3, CNN2DFormat.NHWC))
                .addLayer("stem", conv(6, 3, Activation.IDENTITY), "in")
                .addLayer("stem_bn", bn(), "stem")
                .addLayer("stem_relu", new ActivationLayer.Builder().activation(Activation.RELU6).build(), "stem_bn")
                .addLayer("dw", new DepthwiseConvolution2D.Builder(3, 3).depthMultiplier(2)
                        .activation(Activation.IDENTITY).hasBias(false).dataFormat(CNN2DFormat.NHWC).build(),
                        "stem_relu")
                .addLayer("dw_bn", bn(), "dw")
                .addLayer("dw_relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), "dw_bn")
                .addLayer("project", conv(6, 1, Activation.IDENTITY), "dw_relu")
                // as Keras imports it: the variance itself, not DL4J's log10 standard deviation
                .addLayer("project_bn", new BatchNormalization.Builder().useLogStd(false).eps(1e-3)
                        .dataFormat(CNN2DFormat.NHWC).build(), "project")
                .addVertex("add", new ElementWiseVertex(ElementWiseVertex.Op.Add), "stem_relu", "project_bn")
                .addLayer("relu_conv", conv(5, 3, Activation.RELU), "add")
                .addLayer("relu_conv_bn", bn(), "relu_conv")
                .addLayer("shared", conv(5, 1, Activation.IDENTITY), "relu_conv_bn")
                .addLayer("shared_bn", bn(), "shared")
                .addVertex("merge", new ElementWiseVertex(ElementWiseVertex.Op.Add), "shared", "shared_bn")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "merge")
                .addLayer("out", new OutputLayer.Builder(LossFunction.MCXENT).nOut(4).activation(Activation.SOFTMAX)
                        .build(), "pool")
                .setOutputs("out").build());
        graph.init();
        TrainedStatistics.randomize(graph);
        return graph;
    }

    private static ConvolutionLayer conv(int channels, int kernel, Activation activation) {
        return new ConvolutionLayer.Builder(kernel, kernel).nOut(channels).activation(activation)
                .dataFormat(CNN2DFormat.NHWC).build();
    }

    private static BatchNormalization bn() {
        return new BatchNormalization.Builder().dataFormat(CNN2DFormat.NHWC).build();
    }

    private static String[] names(ComputationGraph graph) {
        return Arrays.stream(graph.getVertices()).map(GraphVertex::getVertexName).toArray(String[]::new);
    }

    private static double maxDifference(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }
}
