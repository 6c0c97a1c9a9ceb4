package io.tenfold.transfer.tfjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Tiny TF.js models written into a temp dir: several groups and shards, quantized weights,
 * the Sequential form {@code LayersModel.save()} writes, and the errors a user's upload can hit.
 */
class TfjsSyntheticModelTest {

    @TempDir
    Path dir;

    // A functional model: input (3) -> Dense(2, linear). Converter-style topology, but without
    // keras_version and backend, which the importer must add.
    static final String FUNCTIONAL_TOPOLOGY = """
            {"class_name": "Model", "config": {"name": "tiny", "layers": [
              {"name": "in", "class_name": "InputLayer", "inbound_nodes": [],
               "config": {"batch_input_shape": [null, 3], "dtype": "float32", "sparse": false, "name": "in"}},
              {"name": "dense", "class_name": "%s", "inbound_nodes": [[["in", 0, 0, {}]]],
               "config": {"name": "dense", "units": 2, "activation": "linear", "use_bias": true,
                          "kernel_initializer": {"class_name": "VarianceScaling",
                                                 "config": {"scale": 1, "mode": "fan_avg", "distribution": "uniform", "seed": null}},
                          "bias_initializer": {"class_name": "Zeros", "config": {}},
                          "kernel_regularizer": {"class_name": "L1L2", "config": {"l1": 0, "l2": 0}},
                          "bias_regularizer": null, "activity_regularizer": null,
                          "kernel_constraint": null, "bias_constraint": null}}],
              "input_layers": [["in", 0, 0]], "output_layers": [["dense", 0, 0]]}}
            """;

    static final float[] KERNEL = {1, 2, 3, 4, 5, 6}; // [3,2]: rows are inputs

    // ---------------------------------------------------------------- dequantization

    @Test
    void uint8DequantizesAsMinPlusScaleTimesQ() {
        byte[] q = {0, 1, (byte) 128, (byte) 255};
        TfjsWeights.Encoding e = new TfjsWeights.Encoding(TfjsWeights.Dtype.UINT8, TfjsWeights.Dtype.FLOAT32, -0.87334511607301, 0.006666756611244351);
        float[] v = TfjsWeights.decode(ByteBuffer.wrap(q), e, 4);
        int[] qs = {0, 1, 128, 255};
        for (int i = 0; i < 4; i++) {
            assertThat(v[i]).isEqualTo((float) (-0.87334511607301 + qs[i] * 0.006666756611244351));
        }
        assertThat(v[0]).isEqualTo((float) -0.87334511607301);
    }

    @Test
    void uint16IsLittleEndianAndInt32TargetsRound() {
        ByteBuffer b = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 1).putShort((short) 0xffff).putShort((short) 3).flip();
        float[] v = TfjsWeights.decode(b.order(ByteOrder.LITTLE_ENDIAN),
                new TfjsWeights.Encoding(TfjsWeights.Dtype.UINT16, TfjsWeights.Dtype.FLOAT32, 10, 0.5), 3);
        assertThat(v).containsExactly(10.5f, 10 + 0.5f * 65535, 11.5f);

        b.rewind();
        float[] rounded = TfjsWeights.decode(b, new TfjsWeights.Encoding(TfjsWeights.Dtype.UINT16, TfjsWeights.Dtype.INT32, 10, 0.5), 3);
        assertThat(rounded).containsExactly(11f, 32778f, 12f); // Math.round: 10.5 -> 11, 11.5 -> 12
    }

    @Test
    void float16Decodes() {
        assertThat(TfjsWeights.halfToFloat(0x3c00)).isEqualTo(1.0f);
        assertThat(TfjsWeights.halfToFloat(0xc000)).isEqualTo(-2.0f);
        assertThat(TfjsWeights.halfToFloat(0x7bff)).isEqualTo(65504f);
        assertThat(TfjsWeights.halfToFloat(0x0001)).isEqualTo((float) Math.pow(2, -24));
        assertThat(TfjsWeights.halfToFloat(0x3555)).isEqualTo(0.33325195f);
        assertThat(TfjsWeights.halfToFloat(0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(TfjsWeights.halfToFloat(0x8000)).isEqualTo(-0.0f);
    }

    @Test
    void quantizationIsReadByKeyWithOriginalDtype() {
        var spec = tools.jackson.databind.json.JsonMapper.builder().build().readTree(
                "{\"name\":\"w\",\"shape\":[1],\"quantization\":{\"scale\":0.25,\"original_dtype\":\"float32\","
                        + "\"min\":-1,\"dtype\":\"uint8\"}}");
        TfjsWeights.Encoding e = TfjsWeights.encoding(spec, "w");
        assertThat(e).isEqualTo(new TfjsWeights.Encoding(TfjsWeights.Dtype.UINT8, TfjsWeights.Dtype.FLOAT32, -1, 0.25));
    }

    // ---------------------------------------------------------------- whole models

    @Test
    void functionalModelWithSeveralGroupsShardsAndQuantizedWeights() throws IOException {
        // Group 1: the bias, uint8 (min -1, scale 0.5, q = 2, 6 -> 0, 2), listed before the kernel.
        // Group 2: the float32 kernel split over two shards, the cut inside the array.
        byte[] kernel = floats(KERNEL);
        write("bias.bin", new byte[] {2, 6});
        write("k-shard1of2.bin", Arrays.copyOfRange(kernel, 0, 10));
        write("k-shard2of2.bin", Arrays.copyOfRange(kernel, 10, kernel.length));
        writeModel(FUNCTIONAL_TOPOLOGY.formatted("Dense"), """
                [{"paths": ["bias.bin"], "weights": [
                   {"name": "dense/bias", "shape": [2], "dtype": "float32",
                    "quantization": {"scale": 0.5, "min": -1, "dtype": "uint8"}}]},
                 {"paths": ["k-shard1of2.bin", "./k-shard2of2.bin"], "weights": [
                   {"name": "dense/kernel", "shape": [3, 2], "dtype": "float32"}]}]
                """);

        TfjsImportedModel model = TfjsLayersImporter.importDetailed(TfjsModelSource.directory(dir));
        assertThat(model.outputNames()).containsExactly("dense");
        INDArray out = model.graph().outputSingle(Nd4j.create(new float[][] {{1, 1, 1}, {1, 0, 0}}));
        assertThat(out.toFloatMatrix()).isDeepEqualTo(new float[][] {{9, 14}, {1, 4}});
    }

    @Test
    void sequentialModelAsTfjsSavesItWithIntegralReluFields() throws IOException {
        // keras_version "tfjs-layers ...", backend "tensor_flow.js", Sequential, names in config only,
        // ReLU max_value 6 and slopes written as integers (as JSON.stringify does).
        String topology = """
                {"class_name": "Sequential", "keras_version": "tfjs-layers 4.22.0", "backend": "tensor_flow.js",
                 "config": {"name": "sequential_1", "layers": [
                   {"class_name": "Dense", "config": {"units": 2, "activation": "linear", "use_bias": true,
                      "kernel_initializer": {"class_name": "VarianceScaling",
                          "config": {"scale": 1, "mode": "fan_avg", "distribution": "normal", "seed": null}},
                      "bias_initializer": {"class_name": "Zeros", "config": {}},
                      "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null,
                      "kernel_constraint": null, "bias_constraint": null,
                      "name": "dense_Dense1", "trainable": true, "batch_input_shape": [null, 3], "dtype": "float32"}},
                   {"class_name": "ReLU", "config": {"max_value": 6, "negative_slope": 0, "threshold": 0,
                      "name": "re_lu_ReLU1", "trainable": true}}]}}
                """;
        write("weights.bin", concat(floats(KERNEL), floats(new float[] {0, -20})));
        writeModel(topology, """
                [{"paths": ["weights.bin"], "weights": [
                   {"name": "dense_Dense1/kernel", "shape": [3, 2], "dtype": "float32"},
                   {"name": "dense_Dense1/bias", "shape": [2], "dtype": "float32"}]}]
                """);

        TfjsImportedModel model = TfjsLayersImporter.importDetailed(TfjsModelSource.directory(dir));
        assertThat(model.inputTypes()).containsOnlyKeys("dense_Dense1_input");
        ComputationGraph graph = model.graph();
        INDArray out = graph.outputSingle(Nd4j.create(new float[][] {{1, 1, 1}, {0.1f, 0.1f, 0.1f}}));
        float[][] v = out.toFloatMatrix();
        // 9 clipped at 6, -8 -> 0 (DL4J's ReLU gives -0.0 there: 0 * negative slope)
        assertThat(v[0][0]).isEqualTo(6f);
        assertThat(v[0][1]).isCloseTo(0f, within(0f));
        assertThat(v[1][0]).isCloseTo(0.9f, within(1e-6f));
        assertThat(v[1][1]).isCloseTo(0f, within(0f));
    }

    @Test
    void separableConvWithoutDepthMultiplierAsTfjsWritesIt() throws IOException {
        // TF.js 4.22 leaves depth_multiplier out of SeparableConv2D configs; DL4J needs it.
        // 2x2x2 input, 1x1 kernels: out = 1*(2*x0) + 1*(3*x1) + bias 0.5 at each pixel. (A 1x1 input with
        // batch 1 makes ND4J's sconv2d op fail: "MmulHelper::dot: Z array must be scalar".)
        String topology = """
                {"class_name": "Model", "keras_version": "tfjs-layers 4.22.0", "backend": "tensor_flow.js",
                 "config": {"name": "model1", "layers": [
                   {"name": "input1", "class_name": "InputLayer", "inbound_nodes": [],
                    "config": {"batch_input_shape": [null, 2, 2, 2], "dtype": "float32", "sparse": false, "name": "input1"}},
                   {"name": "sep", "class_name": "SeparableConv2D", "inbound_nodes": [[["input1", 0, 0, {}]]],
                    "config": {"filters": 1, "kernel_size": [1, 1], "strides": [1, 1], "padding": "valid",
                      "data_format": "channels_last", "dilation_rate": [1, 1], "activation": "linear", "use_bias": true,
                      "bias_initializer": {"class_name": "Zeros", "config": {}}, "bias_regularizer": null,
                      "activity_regularizer": null, "bias_constraint": null, "name": "sep", "trainable": true,
                      "depthwise_initializer": {"class_name": "VarianceScaling",
                          "config": {"scale": 1, "mode": "fan_avg", "distribution": "uniform", "seed": null}},
                      "pointwise_initializer": {"class_name": "VarianceScaling",
                          "config": {"scale": 1, "mode": "fan_avg", "distribution": "uniform", "seed": null}},
                      "depthwise_regularizer": null, "pointwise_regularizer": null,
                      "depthwise_constraint": null, "pointwise_constraint": null}}],
                 "input_layers": [["input1", 0, 0]], "output_layers": [["sep", 0, 0]]}}
                """;
        write("w.bin", floats(new float[] {0.5f, 2, 3, 1, 1}));
        writeModel(topology, """
                [{"paths": ["w.bin"], "weights": [
                   {"name": "sep/bias", "shape": [1], "dtype": "float32"},
                   {"name": "sep/depthwise_kernel", "shape": [1, 1, 2, 1], "dtype": "float32"},
                   {"name": "sep/pointwise_kernel", "shape": [1, 1, 2, 1], "dtype": "float32"}]}]
                """);
        TfjsImportedModel model = TfjsLayersImporter.importDetailed(TfjsModelSource.directory(dir));
        float[] in = new float[2 * 2 * 2 * 2];
        for (int i = 0; i < in.length; i++) {
            in[i] = i;
        }
        INDArray out = model.graph().outputSingle(Nd4j.create(in, new long[] {2, 2, 2, 2}, 'c'));
        assertThat(out.shape()).containsExactly(2, 2, 2, 1);
        for (int p = 0; p < 8; p++) {
            assertThat(out.getDouble(p / 4, (p / 2) % 2, p % 2, 0)).isEqualTo(2 * in[2 * p] + 3 * in[2 * p + 1] + 0.5);
        }
    }

    // ---------------------------------------------------------------- errors

    @Test
    void missingShardNamesTheShardAndItsWeights() throws IOException {
        writeTinyModel(floats(KERNEL), floats(new float[] {0, 0}));
        Files.delete(dir.resolve("weights.bin"));
        assertThatThrownBy(this::importTiny)
                .isInstanceOf(TfjsImportException.class)
                .hasMessageContaining("shard 'weights.bin'")
                .hasMessageContaining("is missing")
                .hasMessageContaining("dense/kernel");
    }

    @Test
    void shortShardIsASizeMismatchNamingTheWeight() throws IOException {
        writeTinyModel(floats(KERNEL), new byte[4]); // bias needs 8 bytes
        assertThatThrownBy(this::importTiny)
                .isInstanceOf(TfjsImportException.class)
                .hasMessageContaining("size mismatch")
                .hasMessageContaining("32 bytes")
                .hasMessageContaining("28 bytes")
                .hasMessageContaining("weight 'dense/bias'");
    }

    @Test
    void longShardIsASizeMismatchToo() throws IOException {
        writeTinyModel(floats(KERNEL), new byte[12]);
        assertThatThrownBy(this::importTiny)
                .isInstanceOf(TfjsImportException.class)
                .hasMessageContaining("size mismatch")
                .hasMessageContaining("4 bytes are left over after the last weight 'dense/bias'");
    }

    @Test
    void unsupportedDtypeNamesTheWeight() throws IOException {
        write("weights.bin", new byte[32]);
        writeModel(FUNCTIONAL_TOPOLOGY.formatted("Dense"), """
                [{"paths": ["weights.bin"], "weights": [
                   {"name": "dense/kernel", "shape": [3, 2], "dtype": "float32"},
                   {"name": "dense/bias", "shape": [2], "dtype": "complex64"}]}]
                """);
        assertThatThrownBy(this::importTiny)
                .isInstanceOf(TfjsImportException.class)
                .hasMessageContaining("'dense/bias'")
                .hasMessageContaining("unsupported dtype 'complex64'");
    }

    @Test
    void unsupportedQuantizationNamesTheWeight() throws IOException {
        write("weights.bin", new byte[32]);
        writeModel(FUNCTIONAL_TOPOLOGY.formatted("Dense"), """
                [{"paths": ["weights.bin"], "weights": [
                   {"name": "dense/kernel", "shape": [3, 2], "dtype": "float32",
                    "quantization": {"dtype": "int4", "min": 0, "scale": 1}}]}]
                """);
        assertThatThrownBy(this::importTiny)
                .isInstanceOf(TfjsImportException.class)
                .hasMessageContaining("'dense/kernel'")
                .hasMessageContaining("'int4'");
    }

    @Test
    void absurdShapesAreRefusedBeforeAnyAllocation() throws IOException {
        write("weights.bin", new byte[8]);
        writeModel(FUNCTIONAL_TOPOLOGY.formatted("Dense"), """
                [{"paths": ["weights.bin"], "weights": [
                   {"name": "dense/kernel", "shape": [4000000000, 4000000000, 2], "dtype": "float32"}]}]
                """);
        assertThatThrownBy(this::importTiny)
                .isInstanceOf(TfjsImportException.class)
                .hasMessageContaining("'dense/kernel' is too large");
    }

    @Test
    void unsupportedLayerNamesTheLayer() throws IOException {
        writeTinyModel(floats(KERNEL), floats(new float[] {0, 0}), "MyCustomLayer");
        assertThatThrownBy(this::importTiny)
                .isInstanceOf(TfjsImportException.class)
                .hasMessageContaining("[dense]")
                .hasMessageContaining("MyCustomLayer");
    }

    @Test
    void weightForAnUnknownLayerIsRefused() throws IOException {
        write("weights.bin", concat(floats(KERNEL), floats(new float[] {0, 0})));
        writeModel(FUNCTIONAL_TOPOLOGY.formatted("Dense"), """
                [{"paths": ["weights.bin"], "weights": [
                   {"name": "dense/kernel", "shape": [3, 2], "dtype": "float32"},
                   {"name": "other/bias", "shape": [2], "dtype": "float32"}]}]
                """);
        assertThatThrownBy(this::importTiny)
                .isInstanceOf(TfjsImportException.class)
                .hasMessageContaining("'other/bias'");
    }

    @Test
    void layerWithoutWeightsIsRefused() throws IOException {
        write("weights.bin", floats(KERNEL));
        writeModel(FUNCTIONAL_TOPOLOGY.formatted("Dense"), """
                [{"paths": ["weights.bin"], "weights": [
                   {"name": "dense/kernel", "shape": [3, 2], "dtype": "float32"}]}]
                """);
        assertThatThrownBy(this::importTiny)
                .isInstanceOf(TfjsImportException.class)
                .hasMessageContaining("layer 'dense'")
                .hasMessageContaining("[kernel]");
    }

    @Test
    void shardPathsMayNotLeaveTheModelFolder() throws IOException {
        writeModel(FUNCTIONAL_TOPOLOGY.formatted("Dense"), """
                [{"paths": ["../outside.bin"], "weights": [
                   {"name": "dense/kernel", "shape": [3, 2], "dtype": "float32"}]}]
                """);
        assertThatThrownBy(this::importTiny)
                .isInstanceOf(TfjsImportException.class)
                .hasMessageContaining("leaves the model folder");
        assertThatThrownBy(() -> TfjsModelSources.safeRelativePath("/etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(TfjsModelSources.safeRelativePath("./a//b.bin")).isEqualTo("a/b.bin");
    }

    @Test
    void graphModelsAndBadJsonAreRefused() throws IOException {
        Files.writeString(dir.resolve("model.json"), "{\"format\": \"graph-model\", \"modelTopology\": {}}");
        assertThatThrownBy(this::importTiny)
                .isInstanceOf(TfjsImportException.class)
                .hasMessageContaining("graph-model");
        Files.writeString(dir.resolve("model.json"), "{\"format\": ");
        assertThatThrownBy(this::importTiny)
                .isInstanceOf(TfjsImportException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void missingClasspathModelIsReported() {
        assertThatThrownBy(() -> TfjsLayersImporter.importDetailed(TfjsModelSource.classpath("models/no-such-model")))
                .isInstanceOf(TfjsImportException.class)
                .hasMessageContaining("model.json is missing")
                .hasMessageContaining("models/no-such-model");
    }

    // ---------------------------------------------------------------- helpers

    private TfjsImportedModel importTiny() {
        return TfjsLayersImporter.importDetailed(TfjsModelSource.directory(dir));
    }

    private void writeTinyModel(byte[] kernel, byte[] bias) throws IOException {
        writeTinyModel(kernel, bias, "Dense");
    }

    private void writeTinyModel(byte[] kernel, byte[] bias, String denseClass) throws IOException {
        write("weights.bin", concat(kernel, bias));
        writeModel(FUNCTIONAL_TOPOLOGY.formatted(denseClass), """
                [{"paths": ["weights.bin"], "weights": [
                   {"name": "dense/kernel", "shape": [3, 2], "dtype": "float32"},
                   {"name": "dense/bias", "shape": [2], "dtype": "float32"}]}]
                """);
    }

    private void writeModel(String topology, String manifest) throws IOException {
        Files.writeString(dir.resolve("model.json"), "{\"format\": \"layers-model\", \"generatedBy\": \"test\", "
                + "\"convertedBy\": null, \"modelTopology\": " + topology + ", \"weightsManifest\": " + manifest + "}");
    }

    private void write(String name, byte[] bytes) throws IOException {
        Files.write(dir.resolve(name), bytes);
    }

    static byte[] floats(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
