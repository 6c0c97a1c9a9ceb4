package io.tenfold.augment.geometric;

import io.tenfold.augment.ImageInfo;
import io.tenfold.augment.RandomTransform;
import io.tenfold.image.Warp;
import io.tenfold.validation.InvalidFieldException;
import java.awt.image.BufferedImage;
import java.util.random.RandomGenerator;

/**
 * ResNet's scale augmentation (He et al. 2016, after Simonyan and Zisserman): resize so the short
 * side is L, drawn uniformly from the integers in [min, max], then take a {@code size x size} crop
 * at a uniformly drawn position. Both happen in one resampling pass ({@link Warp#resizedCrop}).
 * Defaults are [256, 480] for a 224 input, proportional for other sizes. JSON:
 * {@code {"type": "scale-crop", "min": 256, "max": 480}} (the crop size is the policy's input size).
 */
public record RandomScaleCrop(int size, int min, int max) implements RandomTransform<RandomScaleCrop.Params> {

    /**
     * L, the size of the whole image resized to it, the crop's top-left corner in that resized image,
     * and the size of the source image sampled for.
     */
    public record Params(int shortSide, int scaledWidth, int scaledHeight, int x, int y, ImageInfo source) {
    }

    public RandomScaleCrop {
        if (size <= 0) {
            throw new InvalidFieldException("size", "must be > 0, was " + size);
        }
        if (min < size) {
            throw new InvalidFieldException("min",
                    "must be >= the input size %d (a %d crop needs a short side of at least %d), was %d"
                            .formatted(size, size, size, min));
        }
        if (max < min) {
            throw new InvalidFieldException("max", "must be >= min (%d), was %d".formatted(min, max));
        }
    }

    /** [256, 480] scaled by size / 224. */
    public static RandomScaleCrop resnet(int size) {
        return new RandomScaleCrop(size, defaultMin(size), defaultMax(size));
    }

    public static int defaultMin(int size) {
        return (int) Math.round(size * 256.0 / 224.0);
    }

    public static int defaultMax(int size) {
        return (int) Math.round(size * 480.0 / 224.0);
    }

    @Override
    public Params sample(ImageInfo input, RandomGenerator rng) {
        int shortSide = min == max ? min : rng.nextInt(min, max + 1);
        int w = input.width();
        int h = input.height();
        int scaledWidth = w <= h ? shortSide : (int) Math.max(shortSide, Math.round((double) w * shortSide / h));
        int scaledHeight = w <= h ? (int) Math.max(shortSide, Math.round((double) h * shortSide / w)) : shortSide;
        int x = rng.nextInt(scaledWidth - size + 1);
        int y = rng.nextInt(scaledHeight - size + 1);
        return new Params(shortSide, scaledWidth, scaledHeight, x, y, input);
    }

    @Override
    public BufferedImage apply(BufferedImage image, Params params) {
        if (!params.source().matches(image)) {
            throw new IllegalArgumentException("params were sampled for a %s image, got %dx%d"
                    .formatted(params.source(), image.getWidth(), image.getHeight()));
        }
        double sx = (double) params.scaledWidth() / image.getWidth();
        double sy = (double) params.scaledHeight() / image.getHeight();
        return Warp.resizedCrop(image, params.x() / sx, params.y() / sy, size / sx, size / sy, size, size);
    }

    @Override
    public ImageInfo outputInfo(ImageInfo input, Params params) {
        return ImageInfo.square(size);
    }
}
