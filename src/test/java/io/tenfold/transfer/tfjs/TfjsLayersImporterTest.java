package io.tenfold.transfer.tfjs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Faithful import of the shipped MobileNetV2 base: the activations of {@code flatten_1} and the
 * final output must match what TensorFlow.js computes from the original nsfwjs files
 * (fixtures/mobilenetv2-reference.json, made by scripts/base-models/reference.sh).
 */
class TfjsLayersImporterTest {

    static final double TOLERANCE = 1e-4;
    static final int N = 2, H = 224, W = 224, C = 3;

    static TfjsImportedModel model;
    static ComputationGraph graph;
    static Map<String, INDArray> activations;
    static JsonNode fixture;
    static long importMillis;

    @BeforeAll
    static void importOnceAndRun() throws IOException {
        try (InputStream in = TfjsLayersImporterTest.class.getResourceAsStream("/fixtures/mobilenetv2-reference.json")) {
            assertThat(in).as("fixture").isNotNull();
            fixture = JsonMapper.builder().build().readTree(in);
        }
        long start = System.nanoTime();
        model = TfjsLayersImporter.importDetailed(TfjsModelSource.classpath("models/mobilenetv2"));
        graph = model.graph();
        importMillis = (System.nanoTime() - start) / 1_000_000;
        activations = graph.feedForward(input(), false);
    }

    /** The fixture's input: value at NHWC (n,y,x,c) = ((x*7 + y*13 + c*29 + n*101) % 256) / 255. */
    static INDArray input() {
        float[] data = new float[N * H * W * C];
        int i = 0;
        for (int n = 0; n < N; n++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    for (int c = 0; c < C; c++) {
                        data[i++] = (float) (((x * 7 + y * 13 + c * 29 + n * 101) % 256) / 255.0);
                    }
                }
            }
        }
        return Nd4j.create(data, new long[] {N, H, W, C}, 'c');
    }

    @Test
    void fixtureDescribesTheSameInput() {
        assertThat(fixture.get("input").get("formula").stringValue())
                .contains("((x*7 + y*13 + c*29 + n*101) % 256) / 255");
        assertThat(fixture.get("input").get("layout").stringValue()).isEqualTo("NHWC");
    }

    @Test
    void graphInputIsNhwc224x224x3() {
        assertThat(graph.getConfiguration().getNetworkInputs()).containsExactly("input_1");
        assertThat(model.inputTypes()).containsOnlyKeys("input_1");
        InputType type = model.inputTypes().get("input_1");
        assertThat(type).isInstanceOf(InputType.InputTypeConvolutional.class);
        InputType.InputTypeConvolutional in = (InputType.InputTypeConvolutional) type;
        assertThat(in.getHeight()).isEqualTo(224);
        assertThat(in.getWidth()).isEqualTo(224);
        assertThat(in.getChannels()).isEqualTo(3);
        assertThat(in.getFormat()).isEqualTo(CNN2DFormat.NHWC);
        assertThat(model.outputNames()).containsExactly("dense_3");
        // The first convolution reads NHWC too, and the graph accepts an NHWC 224x224x3 input.
        assertThat(((ConvolutionLayer) graph.getLayer("Conv1").conf().getLayer()).getCnn2dDataFormat())
                .isEqualTo(CNN2DFormat.NHWC);
        assertThat(graph.getConfiguration().getLayerActivationTypes(type).get("flatten_1"))
                .isEqualTo(InputType.feedForward(1280));
    }

    @Test
    void flatten1MatchesTfjs() {
        double diff = maxAbsDiff("flatten_1", 1280);
        System.out.printf("mobilenetv2 import %d ms; flatten_1 max abs diff vs TF.js %.3g%n", importMillis, diff);
        assertThat(diff).isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    void finalOutputMatchesTfjs() {
        double diff = maxAbsDiff("dense_3", 5);
        System.out.printf("mobilenetv2 dense_3 max abs diff vs TF.js %.3g%n", diff);
        assertThat(diff).isLessThanOrEqualTo(TOLERANCE);
        // Softmax output: rows sum to one.
        INDArray out = activations.get("dense_3");
        for (int n = 0; n < N; n++) {
            assertThat(out.getRow(n).sumNumber().doubleValue()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    private static double maxAbsDiff(String layer, int width) {
        INDArray actual = activations.get(layer);
        assertThat(actual).as("activations of " + layer).isNotNull();
        assertThat(actual.shape()).containsExactly(N, width);
        JsonNode expected = fixture.get("outputs").get(layer);
        assertThat(expected.size()).isEqualTo(N);
        double max = 0;
        for (int n = 0; n < N; n++) {
            assertThat(expected.get(n).size()).isEqualTo(width);
            for (int j = 0; j < width; j++) {
                double d = Math.abs(actual.getDouble(n, j) - expected.get(n).get(j).doubleValue());
                max = Math.max(max, d);
            }
        }
        return max;
    }
}
