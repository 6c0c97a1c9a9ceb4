package io.tenfold.tta;

import io.tenfold.image.Preprocessing;
import io.tenfold.image.View;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Views cut from the image: square crops of the image resized to some short side, some of them
 * mirrored. {@link #plan} computes the views' parameters from the image size alone; {@link View#apply}
 * cuts them, so tests and per-view reports use the same parameters the network saw.
 */
public sealed interface ViewPolicy extends TtaPolicy permits CenterCrop, Flip, FiveCrop, TenCrop, MultiScale {

    /** The views of a {@code width} x {@code height} image, in a fixed order. */
    List<View> plan(int width, int height, Preprocessing preprocessing);

    /** How many views {@link #plan} gives, whatever the image. */
    int viewCount();

    /** The views themselves, each {@code inputSize} square. */
    default List<BufferedImage> views(BufferedImage image, Preprocessing preprocessing) {
        return View.apply(image, plan(image.getWidth(), image.getHeight(), preprocessing));
    }
}
