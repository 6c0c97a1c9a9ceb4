package io.tenfold.augment.geometric;

import io.tenfold.augment.Checks;
import io.tenfold.augment.ImageInfo;
import io.tenfold.augment.RandomTransform;
import io.tenfold.image.Warp;
import java.awt.image.BufferedImage;
import java.util.random.RandomGenerator;

/** Mirrors the image left to right with probability {@code p}. JSON: {@code {"type": "hflip", "p": 0.5}}. */
public record RandomHorizontalFlip(double p) implements RandomTransform<RandomHorizontalFlip.Params> {

    public static final double DEFAULT_P = 0.5;

    public record Params(boolean flipped) {
    }

    public RandomHorizontalFlip {
        Checks.probability("p", p);
    }

    @Override
    public Params sample(ImageInfo input, RandomGenerator rng) {
        return new Params(rng.nextDouble() < p);
    }

    @Override
    public BufferedImage apply(BufferedImage image, Params params) {
        return params.flipped() ? Warp.flipHorizontal(image) : image;
    }
}
