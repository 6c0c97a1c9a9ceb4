package io.tenfold.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * An inference copy of a graph with each BatchNormalization folded into the convolution before
 * it, the rewrite every serving runtime makes (TensorRT, ONNX Runtime, XNNPACK via TF Lite): the
 * batch norm's per-channel affine map is applied to the convolution's weights and bias once,
 * W' = W * gamma / std and b' = (b - mean) * gamma / std + beta with std = sqrt(var + eps), so a
 * pass no longer reads and writes every activation a second time. An ActivationLayer that then
 * follows the convolution alone becomes the convolution's own activation. MobileNetV2 goes from
 * 162 vertices to 75 this way; its bare pass at batch 10 took 0.42-0.95 of the time, depending on the
 * harness and the load (BENCHMARKS.md).
 *
 * <p>A batch norm is folded only where that is exact: its one input is a plain 2D or depthwise
 * convolution with the identity activation whose output goes nowhere else. The copy has no frozen
 * layers (they compute what they wrap), and its batch statistics are constants: it must not be trained.
 */
public final class BatchNormFolding {

    private BatchNormFolding() {
    }

    /** The copy, and how many batch norms and activations it no longer has. */
    public record Folded(ComputationGraph graph, int batchNorms, int activations) {
    }

    /** Folds {@code graph}'s batch norms into a new graph; {@code graph} itself is not changed. */
    public static Folded fold(ComputationGraph graph) {
        ComputationGraphConfiguration conf = graph.getConfiguration().clone();
        // Frozen layers compute what they wrap; unwrapped, their batch norms fold like any other.
        Vertices.unfreeze(conf);
        Map<String, GraphVertex> vertices = conf.getVertices();
        Map<String, String> batchNormOf = new HashMap<>();   // convolution -> the batch norm folded into it
        int activations = 0;
        for (String name : new ArrayList<>(vertices.keySet())) {
            String convolution = foldableInput(conf, name);
            if (convolution == null) {
                continue;
            }
            ConvolutionLayer layer = (ConvolutionLayer) Vertices.layerOf(vertices.get(convolution));
            layer.setHasBias(true);
            removeVertex(conf, name, convolution);
            batchNormOf.put(convolution, name);
            List<String> next = consumers(conf, convolution);
            if (next.size() == 1 && Vertices.layerOf(vertices.get(next.get(0))) instanceof ActivationLayer activation
                    && !Vertices.hasPreProcessor(vertices.get(next.get(0)))
                    && !conf.getNetworkOutputs().contains(convolution)) {
                layer.setActivationFn(activation.getActivationFn());
                removeVertex(conf, next.get(0), convolution);
                activations++;
            }
        }
        conf.setTopologicalOrder(null);
        conf.setTopologicalOrderStr(null);
        ComputationGraph folded = new ComputationGraph(conf);
        folded.init();
        for (org.deeplearning4j.nn.api.Layer layer : folded.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            Map<String, INDArray> original = graph.getLayer(name).paramTable();
            if (batchNormOf.containsKey(name)) {
                foldInto(layer, original, graph.getLayer(batchNormOf.get(name)));
            } else {
                original.forEach((key, value) -> layer.getParam(key).assign(value));
            }
        }
        return new Folded(folded, batchNormOf.size(), activations);
    }

    /** The convolution vertex batch norm {@code name} can be folded into, or null. */
    private static String foldableInput(ComputationGraphConfiguration conf, String name) {
        GraphVertex vertex = conf.getVertices().get(name);
        if (!(Vertices.layerOf(vertex) instanceof BatchNormalization) || Vertices.hasPreProcessor(vertex)) {
            return null;
        }
        List<String> inputs = conf.getVertexInputs().get(name);
        if (inputs == null || inputs.size() != 1) {
            return null;
        }
        String input = inputs.get(0);
        Layer layer = Vertices.layerOf(conf.getVertices().get(input));
        // Exact classes: Deconvolution2D, SeparableConvolution2D and the 1D/3D convolutions extend
        // ConvolutionLayer but lay their weights out differently.
        boolean convolution = layer != null
                && (layer.getClass() == ConvolutionLayer.class || layer.getClass() == DepthwiseConvolution2D.class);
        return convolution && ((ConvolutionLayer) layer).getActivationFn() instanceof ActivationIdentity
                && consumers(conf, input).size() == 1 && !conf.getNetworkOutputs().contains(input) ? input : null;
    }

    private static void foldInto(org.deeplearning4j.nn.api.Layer convolution, Map<String, INDArray> original,
                                 org.deeplearning4j.nn.api.Layer batchNormLayer) {
        BatchNormalization batchNorm = (BatchNormalization) Vertices.unfrozen(batchNormLayer.conf().getLayer());
        Map<String, INDArray> bn = batchNormLayer.paramTable();
        INDArray mean = bn.get("mean").reshape(-1);
        INDArray variance;
        if (batchNorm.isUseLogStd()) {   // DL4J's default: log10 of the standard deviation, without eps
            INDArray log10Std = bn.get("log10stdev").reshape(-1);
            variance = Transforms.pow(Nd4j.valueArrayOf(log10Std.shape(), 10.0, log10Std.dataType()), log10Std);
            variance.muli(variance);
        } else {
            variance = bn.get("var").reshape(-1).dup();
        }
        INDArray std = Transforms.sqrt(variance.addi(batchNorm.getEps()), false);
        INDArray gamma = batchNorm.isLockGammaBeta()
                ? Nd4j.valueArrayOf(mean.shape(), batchNorm.getGamma(), mean.dataType()) : bn.get("gamma").reshape(-1);
        INDArray beta = batchNorm.isLockGammaBeta()
                ? Nd4j.valueArrayOf(mean.shape(), batchNorm.getBeta(), mean.dataType()) : bn.get("beta").reshape(-1);
        INDArray scale = gamma.div(std);
        INDArray weights = original.get("W").dup();
        if (convolution.conf().getLayer() instanceof DepthwiseConvolution2D) {
            // [kH, kW, in, multiplier]; output channel in * multiplier + m
            Nd4j.exec(new BroadcastMulOp(weights, scale.reshape(weights.size(2), weights.size(3)), weights, 2, 3));
        } else {
            // [out, in, kH, kW]
            Nd4j.exec(new BroadcastMulOp(weights, scale, weights, 0));
        }
        INDArray bias = original.containsKey("b") ? original.get("b").reshape(-1) : Nd4j.zeros(scale.dataType(), scale.length());
        convolution.getParam("W").assign(weights);
        INDArray target = convolution.getParam("b");
        target.assign(bias.sub(mean).muli(scale).addi(beta).reshape(target.shape()));
    }

    private static List<String> consumers(ComputationGraphConfiguration conf, String name) {
        List<String> out = new ArrayList<>();
        conf.getVertexInputs().forEach((vertex, inputs) -> {
            if (inputs.contains(name)) {
                out.add(vertex);
            }
        });
        return out;
    }

    /** Removes vertex {@code name}, whose only input is {@code replacement}, and rewires its consumers. */
    private static void removeVertex(ComputationGraphConfiguration conf, String name, String replacement) {
        conf.getVertices().remove(name);
        conf.getVertexInputs().remove(name);
        conf.getVertexInputs().replaceAll((vertex, inputs) -> inputs.contains(name)
                ? inputs.stream().map(input -> input.equals(name) ? replacement : input).toList()
                : inputs);
        conf.getNetworkOutputs().replaceAll(output -> output.equals(name) ? replacement : output);
    }
}
