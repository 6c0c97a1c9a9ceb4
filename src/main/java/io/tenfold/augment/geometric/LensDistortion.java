package io.tenfold.augment.geometric;

import io.tenfold.augment.Checks;
import io.tenfold.augment.ImageInfo;
import io.tenfold.augment.RandomTransform;
import io.tenfold.augment.Range;
import io.tenfold.image.RemapTable;
import io.tenfold.image.Warp;
import io.tenfold.validation.InvalidFieldException;
import java.awt.image.BufferedImage;
import java.util.random.RandomGenerator;

/**
 * Radial lens distortion. Output pixel at offset (u, v) from the centre, at radius r (1 at the
 * corners), shows the source at (u, v) * (1 + k1 r^2 + k2 r^4): positive k gives barrel distortion
 * (content pulled towards the centre, corners filled with {@code fill}), negative k pincushion.
 * k1 and k2 are drawn uniformly from their ranges; the remap table for the image size is computed
 * when sampling and kept in the params (Albumentations' practice), {@link #apply} only resamples.
 * Ranges must keep the mapping one-to-one: {@code 1 + 3 k1 + 5 k2 > 0} for the most negative k.
 * JSON: {@code {"type": "lens", "k1": [-0.2, 0.2], "k2": [-0.05, 0.05]}}.
 */
public record LensDistortion(Range k1, Range k2, int fill) implements RandomTransform<LensDistortion.Params> {

    public record Params(double k1, double k2, RemapTable table) {
    }

    public LensDistortion {
        Checks.within("k1", Checks.notNull("k1", k1), -1, 1);
        Checks.within("k2", Checks.notNull("k2", k2), -1, 1);
        Checks.rgb("fill", fill);
        double worst = 1 + 3 * Math.min(k1.min(), 0) + 5 * Math.min(k2.min(), 0);
        if (!(worst > 0)) {
            throw new InvalidFieldException(k2.min() < 0 ? "k2" : "k1",
                    "k1 down to %s with k2 down to %s would fold the image over itself (1 + 3 k1 + 5 k2 must stay > 0)"
                            .formatted(k1.min(), k2.min()));
        }
    }

    public LensDistortion(Range k1, Range k2) {
        this(k1, k2, 0);
    }

    @Override
    public Params sample(ImageInfo input, RandomGenerator rng) {
        double a = k1.uniform(rng);
        double b = k2.uniform(rng);
        return new Params(a, b, table(input.width(), input.height(), a, b));
    }

    @Override
    public BufferedImage apply(BufferedImage image, Params params) {
        RemapTable t = params.table();
        if (t.width() != image.getWidth() || t.height() != image.getHeight()) {
            throw new IllegalArgumentException("params were sampled for a %dx%d image, got %dx%d"
                    .formatted(t.width(), t.height(), image.getWidth(), image.getHeight()));
        }
        return Warp.remap(image, t, fill);
    }

    /** The remap table of the distortion for one image size. */
    public static RemapTable table(int width, int height, double k1, double k2) {
        double cx = width / 2.0;
        double cy = height / 2.0;
        double inverseRadius2 = 1 / (cx * cx + cy * cy);
        float[] xs = new float[width * height];
        float[] ys = new float[width * height];
        for (int y = 0, i = 0; y < height; y++) {
            double v = y + 0.5 - cy;
            for (int x = 0; x < width; x++, i++) {
                double u = x + 0.5 - cx;
                double r2 = (u * u + v * v) * inverseRadius2;
                double f = 1 + r2 * (k1 + k2 * r2);
                xs[i] = (float) (cx + u * f - 0.5);
                ys[i] = (float) (cy + v * f - 0.5);
            }
        }
        return new RemapTable(width, height, xs, ys);
    }
}
