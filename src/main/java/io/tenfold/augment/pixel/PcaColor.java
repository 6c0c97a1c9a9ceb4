package io.tenfold.augment.pixel;

import io.tenfold.augment.Checks;
import io.tenfold.augment.ImageInfo;
import io.tenfold.augment.RandomTransform;
import io.tenfold.image.ColorOps;
import java.awt.image.BufferedImage;
import java.util.random.RandomGenerator;

/**
 * AlexNet's PCA colour augmentation (Krizhevsky et al. 2012, "fancy PCA"): with the dataset's RGB
 * covariance eigenvalues lambda_i and eigenvectors p_i, every pixel of one sample gets the same
 * offset {@code sum_i alpha_i lambda_i p_i}, alpha_i ~ N(0, sigma), in [0, 1] pixel units, then is
 * clamped. The eigen-decomposition comes from {@link RgbPca} over the dataset, or is ImageNet's.
 * JSON: {@code {"type": "pca-color", "sigma": 0.1}} plus {@code "eigenvalues": [3 numbers]} and
 * {@code "eigenvectors": [[3], [3], [3]]} when not ImageNet's.
 */
public record PcaColor(double sigma, RgbEigen eigen) implements RandomTransform<PcaColor.Params> {

    public static final double DEFAULT_SIGMA = 0.1;

    /** The RGB offset added to every pixel, [0, 1] units. */
    public record Params(double red, double green, double blue) {
    }

    public PcaColor {
        Checks.within("sigma", sigma, 0, 10);
        Checks.notNull("eigen", eigen);
    }

    public PcaColor(double sigma) {
        this(sigma, RgbEigen.IMAGENET);
    }

    public PcaColor withEigen(RgbEigen eigen) {
        return new PcaColor(sigma, eigen);
    }

    @Override
    public Params sample(ImageInfo input, RandomGenerator rng) {
        double[] rgb = new double[3];
        for (int i = 0; i < 3; i++) {
            double weight = sigma * rng.nextGaussian() * eigen.value(i);
            double[] p = eigen.vector(i);
            for (int c = 0; c < 3; c++) {
                rgb[c] += weight * p[c];
            }
        }
        return new Params(rgb[0], rgb[1], rgb[2]);
    }

    @Override
    public BufferedImage apply(BufferedImage image, Params params) {
        return ColorOps.addRgb(image, params.red(), params.green(), params.blue());
    }
}
