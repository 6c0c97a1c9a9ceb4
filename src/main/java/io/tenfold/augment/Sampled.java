package io.tenfold.augment;

import java.awt.image.BufferedImage;
import java.util.Objects;

/** A transform together with params it sampled: one replayable step. */
public record Sampled<P>(RandomTransform<P> transform, P params) {

    public Sampled {
        Objects.requireNonNull(transform, "transform");
        Objects.requireNonNull(params, "params");
    }

    public BufferedImage apply(BufferedImage image) {
        return transform.apply(image, params);
    }

    public ImageInfo outputInfo(ImageInfo input) {
        return transform.outputInfo(input, params);
    }
}
