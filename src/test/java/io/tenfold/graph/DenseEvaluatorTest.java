package io.tenfold.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Dense evaluation on tiny networks built here: an 8x8 RGB input, a 2x2 stride-2 convolution
 * without padding (so a window of its feature map is exactly the feature map of the matching
 * crop), a pooling over the 4x4 map, and a small head.
 */
class DenseEvaluatorTest {

    private static final int INPUT = 8;
    private static final float TOLERANCE = 1e-5f;

    @Test
    void atTheInputSizeItIsTheNetworksOwnAnswer() {
        ComputationGraph net = network(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(4, 4).stride(4, 4)
                .dataFormat(CNN2DFormat.NHWC).build());
        INDArray image = random(1, INPUT, INPUT, 7);
        DenseEvaluator.Result result = DenseEvaluator.of(net, INPUT).evaluate(image, DenseEvaluator.Pooling.TRAINED_WINDOW);

        assertThat(result.grid().positions()).isEqualTo(1);
        assertThat(result.probabilities()[0][0]).containsExactly(net.outputSingle(false, image).toFloatVector(),
                org.assertj.core.data.Offset.offset(TOLERANCE));
        assertThat(DenseEvaluator.of(net, INPUT).evaluate(image, DenseEvaluator.Pooling.WHOLE_MAP).probabilities()[0][0])
                .containsExactly(net.outputSingle(false, image).toFloatVector(), org.assertj.core.data.Offset.offset(TOLERANCE));
    }

    @Test
    void everyWindowPositionEqualsTheNetworkOnTheMatchingCrop() {
        ComputationGraph net = network(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(4, 4).stride(4, 4)
                .dataFormat(CNN2DFormat.NHWC).build());
        assertWindowsAreCrops(net);
    }

    @Test
    void maxPoolingAndGlobalPoolingHeadsWorkToo() {
        assertWindowsAreCrops(network(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(4, 4).stride(4, 4)
                .dataFormat(CNN2DFormat.NHWC).build()));
        assertWindowsAreCrops(network(new GlobalPoolingLayer.Builder(PoolingType.AVG).build()));
    }

    @Test
    void frozenTrunkAsTheFeatureExtractorStrategyLeavesIt() {
        ComputationGraph net = network(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(4, 4).stride(4, 4)
                .dataFormat(CNN2DFormat.NHWC).build());
        ComputationGraph frozen = new TransferLearning.GraphBuilder(net).setFeatureExtractor("pool").build();
        assertWindowsAreCrops(frozen);
    }

    @Test
    void globalPoolingOfTheWholeMapMatchesAHandComputation() {
        ComputationGraph net = network(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(4, 4).stride(4, 4)
                .dataFormat(CNN2DFormat.NHWC).build());
        INDArray image = random(1, 12, 16, 11);
        DenseEvaluator.Result result = DenseEvaluator.of(net, INPUT).evaluate(image, DenseEvaluator.Pooling.WHOLE_MAP);
        assertThat(result.grid().positions()).isEqualTo(1);
        assertThat(result.grid().window()).isEqualTo(new DenseEvaluator.Window(6, 8));

        // By hand: average the 6x8x4 feature map, then tanh(v W1 + b1), then softmax(h W2 + b2).
        float[][][] map = featureMap(net, image);
        float[] v = new float[4];
        for (float[][] row : map) {
            for (float[] cell : row) {
                for (int c = 0; c < 4; c++) {
                    v[c] += cell[c] / 48f;
                }
            }
        }
        float[] h = dense(v, net.getLayer("dense").getParam("W"), net.getLayer("dense").getParam("b"));
        for (int i = 0; i < h.length; i++) {
            h[i] = (float) Math.tanh(h[i]);
        }
        float[] z = dense(h, net.getLayer("out").getParam("W"), net.getLayer("out").getParam("b"));
        double sum = 0;
        for (float zi : z) {
            sum += Math.exp(zi);
        }
        float[] expected = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            expected[i] = (float) (Math.exp(z[i]) / sum);
        }
        assertThat(result.probabilities()[0][0]).containsExactly(expected, org.assertj.core.data.Offset.offset(TOLERANCE));
    }

    @Test
    void gridDescribesWindowsInInputPixels() {
        DenseEvaluator.Grid grid = new DenseEvaluator.Grid(8, 10, new DenseEvaluator.Window(7, 7), 32);
        assertThat(grid.rows()).isEqualTo(2);
        assertThat(grid.cols()).isEqualTo(4);
        assertThat(grid.positions()).isEqualTo(8);
        assertThat(grid.describe(0, 256)).isEqualTo("window 0,0 224x224 @256");
        assertThat(grid.describe(5, 256)).isEqualTo("window 32,32 224x224 @256");
    }

    @Test
    void refusesHeadsThatDependOnPosition() {
        ComputationGraph twoByTwo = network(new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2)
                .dataFormat(CNN2DFormat.NHWC).build());
        assertThatThrownBy(() -> DenseEvaluator.of(twoByTwo, INPUT))
                .isInstanceOf(DenseUnsupportedException.class).hasMessageContaining("more than one cell");

        ComputationGraph noPooling = network(null);
        assertThatThrownBy(() -> DenseEvaluator.of(noPooling, INPUT))
                .isInstanceOf(DenseUnsupportedException.class).hasMessageContaining("no average or max pooling");

        ComputationGraph pnorm = network(new SubsamplingLayer.Builder(PoolingType.PNORM).pnorm(2).kernelSize(4, 4)
                .stride(4, 4).dataFormat(CNN2DFormat.NHWC).build());
        assertThatThrownBy(() -> DenseEvaluator.of(pnorm, INPUT))
                .isInstanceOf(DenseUnsupportedException.class).hasMessageContaining("not average or max");
    }

    /** A 12x16 image: the 6x8 map has 3x5 positions of the 4x4 window; position (i, j) is the crop at (2j, 2i). */
    private static void assertWindowsAreCrops(ComputationGraph net) {
        INDArray images = random(2, 12, 16, 3);
        DenseEvaluator.Result result = DenseEvaluator.of(net, INPUT).evaluate(images, DenseEvaluator.Pooling.TRAINED_WINDOW);
        DenseEvaluator.Grid grid = result.grid();
        assertThat(grid.mapRows()).isEqualTo(6);
        assertThat(grid.mapCols()).isEqualTo(8);
        assertThat(grid.rows()).isEqualTo(3);
        assertThat(grid.cols()).isEqualTo(5);
        assertThat(result.probabilities()).hasNumberOfRows(2);
        for (int n = 0; n < 2; n++) {
            assertThat(result.probabilities()[n]).hasNumberOfRows(15);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 5; j++) {
                    INDArray crop = images.get(NDArrayIndex.interval(n, n + 1), NDArrayIndex.interval(2 * i, 2 * i + INPUT),
                            NDArrayIndex.interval(2 * j, 2 * j + INPUT), NDArrayIndex.all()).dup('c');
                    float[] expected = net.outputSingle(false, crop).toFloatVector();
                    assertThat(result.probabilities()[n][i * 5 + j]).as("image %d position %d,%d", n, i, j)
                            .containsExactly(expected, org.assertj.core.data.Offset.offset(TOLERANCE));
                }
            }
        }
    }

    /** conv 2x2/2 (4 channels, tanh) -> pooling (or none) -> dense 5 tanh -> softmax 3. */
    static ComputationGraph network(Layer pooling) {
        ComputationGraphConfiguration.GraphBuilder builder = new NeuralNetConfiguration.Builder()
                .seed(42)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutional(INPUT, INPUT, 3, CNN2DFormat.NHWC))
                .addLayer("conv", new ConvolutionLayer.Builder(2, 2).stride(2, 2).convolutionMode(ConvolutionMode.Truncate)
                        .nOut(4).activation(Activation.TANH).dataFormat(CNN2DFormat.NHWC).build(), "in");
        String last = "conv";
        if (pooling != null) {
            builder.addLayer("pool", pooling, "conv");
            last = "pool";
        }
        ComputationGraph net = new ComputationGraph(builder
                .addLayer("dense", new DenseLayer.Builder().nOut(5).activation(Activation.TANH).build(), last)
                .addLayer("out", new OutputLayer.Builder(LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
                        .build(), "dense")
                .setOutputs("out")
                .build());
        net.init();
        // Non-zero biases, so that a mistake in the head's inputs shows.
        net.getLayer("dense").getParam("b").assign(Nd4j.linspace(-0.5, 0.5, 5, DataType.FLOAT).reshape(1, 5));
        net.getLayer("out").getParam("b").assign(Nd4j.create(new float[] {0.3f, -0.2f, 0.1f}, 1, 3));
        return net;
    }

    private static INDArray random(int n, int h, int w, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, n, h, w, 3);
    }

    /** [rows][cols][channels] of the convolution's output for image 0. */
    private static float[][][] featureMap(ComputationGraph net, INDArray image) {
        // The convolution alone (net.output(List.of("conv"), ...) would leave a DL4J workspace open).
        INDArray map = net.getLayer("conv").activate(image, false,
                org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        int rows = (int) map.size(1);
        int cols = (int) map.size(2);
        float[][][] out = new float[rows][cols][4];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                for (int k = 0; k < 4; k++) {
                    out[r][c][k] = map.getFloat(0, r, c, k);
                }
            }
        }
        return out;
    }

    /** x W + b for a row vector x, W [in, out], b [1, out]. */
    private static float[] dense(float[] x, INDArray weights, INDArray bias) {
        float[][] w = weights.toFloatMatrix();
        float[] b = bias.toFloatVector();
        float[] out = new float[b.length];
        for (int o = 0; o < out.length; o++) {
            double sum = b[o];
            for (int i = 0; i < x.length; i++) {
                sum += x[i] * w[i][o];
            }
            out[o] = (float) sum;
        }
        return out;
    }
}
