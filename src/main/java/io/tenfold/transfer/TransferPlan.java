package io.tenfold.transfer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A base model made trainable by a strategy.
 *
 * @param strategy       the concrete strategy applied
 * @param graph          the new graph: the backbone, with a softmax head {@link #HEAD} on its feature
 *                       vertex; layers up to the boundary are DL4J frozen layers (inference mode:
 *                       batch normalisation uses its running statistics, dropout is off)
 * @param frozenBoundary the last frozen vertex: nothing up to and including it has a trainable
 *                       parameter, and it cuts the graph, so its activations can be computed once
 *                       and the part above trained on them with
 *                       {@code new TransferLearningHelper(graph, frozenBoundary)}; null when every
 *                       layer trains
 * @param learningRates  the learning rate of every trainable layer that has parameters, by layer
 *                       name (the per-layer updaters in the graph's configuration)
 * @param description    what trains and at which rates, in words, for logs and job records
 */
public record TransferPlan(TransferStrategy strategy, ComputationGraph graph, String frozenBoundary,
        Map<String, Double> learningRates, String description) {

    /** The name of the new output layer. */
    public static final String HEAD = "tenfold_head";
    /** The global average pooling before it, when the features are a map. */
    public static final String HEAD_POOL = "tenfold_head_pool";

    public TransferPlan {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(graph, "graph");
        learningRates = Collections.unmodifiableMap(new LinkedHashMap<>(learningRates));
    }

    /** Whether part of the graph is frozen (and its activations can be cached). */
    public boolean hasFrozenPart() {
        return frozenBoundary != null;
    }
}
