package io.tenfold.augment.geometric;

import io.tenfold.augment.Checks;
import io.tenfold.augment.ImageInfo;
import io.tenfold.augment.RandomTransform;
import io.tenfold.augment.Range;
import io.tenfold.image.Warp;
import io.tenfold.validation.InvalidFieldException;
import java.awt.image.BufferedImage;
import java.util.random.RandomGenerator;

/**
 * Inception-style crop (Szegedy et al. 2015; torchvision's {@code RandomResizedCrop}): a box whose
 * area is a uniform fraction {@code scale} of the image and whose aspect ratio is drawn
 * log-uniformly from {@code ratio}, at a uniform position, resized to {@code size x size}. Up to
 * {@value #ATTEMPTS} draws; if none fits in the image, the largest centred box with an aspect ratio
 * within {@code ratio}. JSON: {@code {"type": "random-resized-crop", "scale": [0.08, 1],
 * "ratio": [0.75, 1.3333333333333333]}}.
 */
public record RandomResizedCrop(int size, Range scale, Range ratio) implements RandomTransform<RandomResizedCrop.Params> {

    public static final int ATTEMPTS = 10;
    public static final Range DEFAULT_SCALE = Range.of(0.08, 1);
    public static final Range DEFAULT_RATIO = Range.of(3.0 / 4.0, 4.0 / 3.0);

    /** The crop box in source pixels, and whether it is the centre fallback. */
    public record Params(int x, int y, int width, int height, boolean fallback) {
    }

    public RandomResizedCrop {
        if (size <= 0) {
            throw new InvalidFieldException("size", "must be > 0, was " + size);
        }
        Checks.notNull("scale", scale);
        Checks.notNull("ratio", ratio);
        if (!(scale.min() > 0 && scale.max() <= 1)) {
            throw new InvalidFieldException("scale", "must be within (0, 1], was " + scale);
        }
        Checks.positive("ratio", ratio);
    }

    public static RandomResizedCrop inception(int size) {
        return new RandomResizedCrop(size, DEFAULT_SCALE, DEFAULT_RATIO);
    }

    @Override
    public Params sample(ImageInfo input, RandomGenerator rng) {
        int width = input.width();
        int height = input.height();
        double area = (double) width * height;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double targetArea = area * scale.uniform(rng);
            double aspect = ratio.logUniform(rng);
            int w = (int) Math.round(Math.sqrt(targetArea * aspect));
            int h = (int) Math.round(Math.sqrt(targetArea / aspect));
            if (w > 0 && w <= width && h > 0 && h <= height) {
                int y = rng.nextInt(height - h + 1);
                int x = rng.nextInt(width - w + 1);
                return new Params(x, y, w, h, false);
            }
        }
        double inRatio = (double) width / height;
        int w;
        int h;
        if (inRatio < ratio.min()) {
            w = width;
            h = (int) Math.max(1, Math.min(height, Math.round(w / ratio.min())));
        } else if (inRatio > ratio.max()) {
            h = height;
            w = (int) Math.max(1, Math.min(width, Math.round(h * ratio.max())));
        } else {
            w = width;
            h = height;
        }
        return new Params((width - w) / 2, (height - h) / 2, w, h, true);
    }

    @Override
    public BufferedImage apply(BufferedImage image, Params params) {
        return Warp.resizedCrop(image, params.x(), params.y(), params.width(), params.height(), size, size);
    }

    @Override
    public ImageInfo outputInfo(ImageInfo input, Params params) {
        return ImageInfo.square(size);
    }
}
