package io.tenfold.bench;

import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inference-only rewrites and measurements of an imported CNN graph, for the benches: the graph
 * in NCHW layout, the FLOP count of the convolutions and dense layers, and a vertex-by-vertex
 * forward pass that times each vertex. (The batch-norm fold the service serves with is
 * {@link io.tenfold.graph.BatchNormFolding}.)
 */
final class InferenceGraphs {

    private InferenceGraphs() {
    }

    /**
     * A copy of {@code graph} with every layer and preprocessor switched to NCHW (channels
     * first): each CNN2DFormat field set to NCHW, global pooling over dimensions 2 and 3. The
     * parameters keep their shapes (DL4J stores them independently of the activation layout), so
     * they are copied as they are. Feed it inputs permuted to [n, c, h, w].
     */
    static ComputationGraph toNchw(ComputationGraph graph) {
        ComputationGraphConfiguration conf = graph.getConfiguration().clone();
        for (org.deeplearning4j.nn.conf.graph.GraphVertex vertex : conf.getVertices().values()) {
            if (vertex instanceof LayerVertex lv) {
                setNchw(lv.getLayerConf().getLayer());
                setNchw(lv.getPreProcessor());
            } else if (vertex instanceof org.deeplearning4j.nn.conf.graph.PreprocessorVertex pv) {
                setNchw(pv.getPreProcessor());
            }
        }
        ComputationGraph nchw = new ComputationGraph(conf);
        nchw.init(graph.params().dup(), false);
        return nchw;
    }

    private static void setNchw(Object conf) {
        if (conf == null) {
            return;
        }
        if (conf instanceof org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer gp) {
            gp.setPoolingDimensions(new int[] {2, 3});
        }
        for (Class<?> c = conf.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                if (f.getType() == CNN2DFormat.class && !java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                    try {
                        f.setAccessible(true);
                        f.set(conf, CNN2DFormat.NCHW);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
    }

    /**
     * FLOPs of one forward pass of one example, counting a multiply-add as 2 FLOPs and only the
     * convolutions (plain and depthwise) and dense layers: 2 * kH * kW * (cIn / groups) * cOut
     * * hOut * wOut, 2 * nIn * nOut. Batch norm, activations, padding, pooling and additions are
     * left out (under 1% here). Output sizes come from one forward pass of {@code probe}.
     */
    static long flopsPerExample(ComputationGraph graph, INDArray probe) {
        Map<String, INDArray> acts = graph.feedForward(probe, false);
        long n = probe.size(0);
        long flops = 0;
        for (GraphVertex v : graph.getVertices()) {
            if (!v.hasLayer()) {
                continue;
            }
            Layer conf = v.getLayer().conf().getLayer();
            INDArray out = acts.get(v.getVertexName());
            if (conf instanceof DepthwiseConvolution2D dw) {
                long[] k = toLong(dw.getKernelSize());
                long spatial = out.length() / n / dw.getNOut();
                flops += 2L * k[0] * k[1] * dw.getNOut() * spatial;
            } else if (conf instanceof ConvolutionLayer c) {
                long[] k = toLong(c.getKernelSize());
                long spatial = out.length() / n / c.getNOut();
                flops += 2L * k[0] * k[1] * c.getNIn() * c.getNOut() * spatial;
            } else if (conf instanceof DenseLayer d) {
                flops += 2L * d.getNIn() * d.getNOut();
            }
        }
        return flops;
    }

    private static long[] toLong(int[] xs) {
        long[] out = new long[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = xs[i];
        }
        return out;
    }

    /** A category of vertex for the profile: the op it runs, with the kernel size of convolutions. */
    static String category(GraphVertex v) {
        if (!v.hasLayer()) {
            return v.getClass().getSimpleName().replace("Vertex", "") + " vertex";
        }
        Layer conf = v.getLayer().conf().getLayer();
        String act = (conf instanceof ConvolutionLayer || conf instanceof DenseLayer)
                && !(((BaseLayer) conf).getActivationFn() instanceof ActivationIdentity)
                ? " +" + ((BaseLayer) conf).getActivationFn() : "";
        if (conf instanceof DepthwiseConvolution2D dw) {
            return "depthwise conv " + dw.getKernelSize()[0] + "x" + dw.getKernelSize()[1]
                    + " s" + dw.getStride()[0] + act;
        }
        if (conf instanceof ConvolutionLayer c) {
            return "conv " + c.getKernelSize()[0] + "x" + c.getKernelSize()[1] + act;
        }
        if (conf instanceof ActivationLayer a) {
            return "activation " + a.getActivationFn();
        }
        if (conf instanceof BatchNormalization) {
            return "batch norm";
        }
        return conf.getClass().getSimpleName() + act;
    }

    private static final WorkspaceConfiguration PROFILE_WS = WorkspaceConfiguration.builder()
            .initialSize(0).overallocationLimit(0.1).policyLearning(LearningPolicy.FIRST_LOOP)
            .policyAllocation(AllocationPolicy.OVERALLOCATE).policySpill(SpillPolicy.REALLOCATE).build();

    /**
     * One forward pass vertex by vertex in topological order, adding each vertex's wall time in
     * ms to {@code millisByVertex} and recording its output shape in {@code shapes}. All arrays
     * live in one workspace that is reused from pass to pass (as the graph's own workspaces are),
     * so that allocation does not dominate the timings.
     */
    static void timedForward(ComputationGraph graph, INDArray input, Map<String, Double> millisByVertex,
                             Map<String, long[]> shapes) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.builder().defaultWorkspace("PEER_RACE_PROFILE", PROFILE_WS).build();
        try (MemoryWorkspace ws = mgr.notifyScopeEntered(ArrayType.ACTIVATIONS)) {
            timedForward(graph, input, millisByVertex, shapes, mgr);
        }
        graph.clearLayersStates();
    }

    private static void timedForward(ComputationGraph graph, INDArray input, Map<String, Double> millisByVertex,
                                     Map<String, long[]> shapes, LayerWorkspaceMgr mgr) {
        GraphVertex[] vertices = graph.getVertices();
        INDArray[] outputs = new INDArray[vertices.length];
        for (int idx : graph.topologicalSortOrder()) {
            GraphVertex v = vertices[idx];
            if (v.isInputVertex()) {
                outputs[idx] = input;
                continue;
            }
            long start = System.nanoTime();
            VertexIndices[] in = v.getInputVertices();
            for (int j = 0; j < in.length; j++) {
                v.setInput(j, outputs[in[j].getVertexIndex()], mgr);
            }
            outputs[idx] = v.doForward(false, mgr);
            Nd4j.getExecutioner().commit();
            millisByVertex.merge(v.getVertexName(), (System.nanoTime() - start) / 1e6, Double::sum);
            shapes.put(v.getVertexName(), outputs[idx].shape());
        }
    }
}
