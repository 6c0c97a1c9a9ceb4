package io.tenfold.tta;

import io.tenfold.graph.DenseEvaluator;
import io.tenfold.image.ImageOps;
import io.tenfold.image.Preprocessing;
import java.awt.image.BufferedImage;

/**
 * Dense evaluation: the whole image, resized so that its short side is the model's resize size,
 * goes through the network's convolutional trunk once, and the classifier head is applied to
 * pooled windows of the resulting feature map (see {@link DenseEvaluator}). A model that cannot be
 * evaluated so is refused.
 */
public sealed interface DensePolicy extends TtaPolicy permits Dense, DenseGlobalPool {

    /** The long side is centre-cropped to at most this many times the short side, to bound the cost. */
    int MAX_ASPECT = 4;

    /**
     * The pooling window, in feature-map cells, on a map of {@code rows} x {@code cols} cells, given
     * the window {@code trained} that the head saw at the model's input size.
     */
    DenseEvaluator.Window window(DenseEvaluator.Window trained, int rows, int cols);

    /** The image the trunk sees: short side resized to the model's resize size, long side at most {@link #MAX_ASPECT} times it. */
    default BufferedImage prepare(BufferedImage image, Preprocessing preprocessing) {
        int scale = preprocessing.resizeSize();
        BufferedImage resized = ImageOps.resizeShortSide(image, scale);
        int maxLong = MAX_ASPECT * scale;
        if (resized.getWidth() <= maxLong && resized.getHeight() <= maxLong) {
            return resized;
        }
        return ImageOps.centerCrop(resized, Math.min(resized.getWidth(), maxLong), Math.min(resized.getHeight(), maxLong));
    }
}
