package io.tenfold.augment;

import java.awt.image.BufferedImage;
import java.util.random.RandomGenerator;

/**
 * A train-time augmentation in two steps, as torchvision v2 and Albumentations split it: {@link #sample}
 * draws everything random into an immutable params record (from the size of the image it will be
 * applied to, so size-dependent parameters such as crop positions are concrete), and {@link #apply}
 * is a pure function of the image and those params. Replays, previews and tests call {@code apply}
 * with fixed params. Implementations are immutable and validate their arguments when built; they
 * draw only from the generator they are given.
 *
 * @param <P> the params record
 */
public interface RandomTransform<P> {

    /** Draws the parameters for an image of the given size. */
    P sample(ImageInfo input, RandomGenerator rng);

    /**
     * Applies sampled parameters. Never modifies {@code image}; may return it when the params change
     * nothing. Throws {@link IllegalArgumentException} if the image is not the size the params were
     * sampled for (where that matters).
     */
    BufferedImage apply(BufferedImage image, P params);

    /** The size {@link #apply} will return for an input of this size; the same size unless overridden. */
    default ImageInfo outputInfo(ImageInfo input, P params) {
        return input;
    }

    /** Samples and keeps the result together with this transform, so it can be applied later. */
    default Sampled<P> sampled(ImageInfo input, RandomGenerator rng) {
        return new Sampled<>(this, sample(input, rng));
    }

    /** {@code apply(image, sample(size of image, rng))}. */
    default BufferedImage augment(BufferedImage image, RandomGenerator rng) {
        return apply(image, sample(ImageInfo.of(image), rng));
    }
}
