package io.tenfold.tta;

import io.tenfold.graph.DenseEvaluator;

/**
 * The cheap approximation of dense evaluation: pool the whole feature map at once, apply the head
 * once. One "view".
 */
public record DenseGlobalPool() implements DensePolicy {

    @Override
    public String name() {
        return "dense-global";
    }

    @Override
    public DenseEvaluator.Pooling pooling() {
        return DenseEvaluator.Pooling.WHOLE_MAP;
    }
}
