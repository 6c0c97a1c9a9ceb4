package io.tenfold.tta;

import io.tenfold.graph.DenseEvaluator;

/**
 * Dense evaluation with the head's own window slid over the feature map one cell at a time (for
 * MobileNetV2 at 224: a 7x7-cell window, one cell being 32 pixels): the class map of a network
 * whose pooling and head were turned into convolutions, as in VGG's dense evaluation. Each
 * window position is one "view" to merge.
 */
public record Dense() implements DensePolicy {

    @Override
    public String name() {
        return "dense";
    }

    @Override
    public DenseEvaluator.Pooling pooling() {
        return DenseEvaluator.Pooling.TRAINED_WINDOW;
    }
}
