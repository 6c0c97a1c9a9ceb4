package io.tenfold.tta;

import io.tenfold.graph.DenseEvaluator;

/**
 * Dense evaluation: the whole image, resized so that its short side is the model's resize size
 * ({@link io.tenfold.image.Preprocessing#denseView}, its long side bounded), goes through the
 * network's convolutional trunk once, and the classifier head is applied to pooled windows of the
 * resulting feature map (see {@link DenseEvaluator}). A model that cannot be evaluated so is refused.
 */
public sealed interface DensePolicy extends TtaPolicy permits Dense, DenseGlobalPool {

    /** The long side is centre-cropped to at most this many times the short side, to bound the cost. */
    int MAX_ASPECT = 4;

    /** Which windows of the feature map the head is applied to. */
    DenseEvaluator.Pooling pooling();

    /**
     * The pooling window, in feature-map cells, on a map of {@code rows} x {@code cols} cells, given
     * the window {@code trained} that the head saw at the model's input size.
     */
    default DenseEvaluator.Window window(DenseEvaluator.Window trained, int rows, int cols) {
        return pooling().window(trained, rows, cols);
    }

    /** The image the trunk sees: short side resized to the model's resize size, long side at most {@link #MAX_ASPECT} times it. */
    default java.awt.image.BufferedImage prepare(java.awt.image.BufferedImage image,
            io.tenfold.image.Preprocessing preprocessing) {
        return preprocessing.denseView(image, MAX_ASPECT);
    }
}
