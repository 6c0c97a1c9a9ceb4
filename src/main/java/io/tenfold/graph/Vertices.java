package io.tenfold.graph;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.FrozenVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;

/**
 * What a graph vertex computes, seen through the wrappers that freezing adds. Transfer learning
 * wraps frozen layers ({@code FrozenLayer}, {@code FrozenLayerWithBackprop}) and frozen non-layer
 * vertices ({@code FrozenVertex}); at inference they compute what they wrap, so code that reads a
 * graph's structure (folding, dense evaluation, cuts) looks through them here, in one place.
 */
public final class Vertices {

    private Vertices() {
    }

    /** The vertex a frozen vertex wraps, or the vertex itself. */
    public static GraphVertex unfrozen(GraphVertex vertex) {
        return vertex instanceof FrozenVertex frozen ? frozen.getUnderlying() : vertex;
    }

    /** The layer a vertex runs, frozen wrappers removed; null for a vertex that is not a layer. */
    public static Layer layerOf(GraphVertex vertex) {
        return unfrozen(vertex) instanceof LayerVertex layerVertex ? unfrozen(layerVertex.getLayerConf().getLayer()) : null;
    }

    /** The layer a frozen layer wraps (through any depth of wrapping), or the layer itself. */
    public static Layer unfrozen(Layer layer) {
        while (true) {
            if (layer instanceof FrozenLayer frozen) {
                layer = frozen.getLayer();
            } else if (layer instanceof FrozenLayerWithBackprop frozen) {
                layer = frozen.getUnderlying();
            } else {
                return layer;
            }
        }
    }

    /** Whether the vertex reshapes its input before its layer runs. */
    public static boolean hasPreProcessor(GraphVertex vertex) {
        return unfrozen(vertex) instanceof LayerVertex layerVertex && layerVertex.getPreProcessor() != null;
    }

    /**
     * Removes every frozen wrapper from a configuration, in place: the configuration of the same
     * function for inference. Parameter names do not change, so a graph built from it takes the
     * frozen graph's parameters vertex by vertex.
     */
    public static void unfreeze(ComputationGraphConfiguration conf) {
        conf.getVertices().replaceAll((name, vertex) -> {
            GraphVertex plain = unfrozen(vertex);
            if (plain instanceof LayerVertex layerVertex) {
                layerVertex.getLayerConf().setLayer(unfrozen(layerVertex.getLayerConf().getLayer()));
            }
            return plain;
        });
    }
}
