package io.tenfold.augment.pixel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RgbPcaTest {

    /** A covariance with strong correlations, as natural images have (values in [0, 1] units). */
    private static final double[][] COVARIANCE = {
            {0.0100, 0.0080, 0.0050},
            {0.0080, 0.0090, 0.0060},
            {0.0050, 0.0060, 0.0070}};
    private static final double[] MEAN = {0.5, 0.45, 0.4};

    @Test
    void recoversAKnownCovarianceFromSyntheticPixels() {
        RgbPca pca = new RgbPca(100_000, 1_000_000);
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < 4; i++) {
            pca.add(gaussianImage(200, 100, rng));
        }
        assertThat(pca.count()).isEqualTo(80_000);
        double[] mean = pca.mean();
        double[][] cov = pca.covariance();
        for (int i = 0; i < 3; i++) {
            assertThat(mean[i]).isCloseTo(MEAN[i], within(0.002));
            for (int j = 0; j < 3; j++) {
                assertThat(cov[i][j]).as("cov[%d][%d]", i, j).isCloseTo(COVARIANCE[i][j], within(0.0004));
            }
        }
        RgbEigen eigen = pca.eigen();
        RgbEigen exact = RgbPca.decompose(COVARIANCE);
        for (int k = 0; k < 3; k++) {
            assertThat(eigen.value(k)).isCloseTo(exact.value(k), within(0.0005));
        }
        assertThat(Math.abs(dot(eigen.vector(0), exact.vector(0)))).isGreaterThan(0.99);
    }

    @Test
    void theDecompositionReconstructsTheMatrixWithOrthonormalVectorsLargestFirst() {
        RgbEigen e = RgbPca.decompose(COVARIANCE);
        assertThat(e.value(0)).isGreaterThanOrEqualTo(e.value(1));
        assertThat(e.value(1)).isGreaterThanOrEqualTo(e.value(2));
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertThat(dot(e.vector(i), e.vector(j))).isCloseTo(i == j ? 1 : 0, within(1e-12));
                assertThat(e.covariance()[i][j]).isCloseTo(COVARIANCE[i][j], within(1e-15));
            }
        }
        // diagonal and degenerate inputs
        RgbEigen diagonal = RgbPca.decompose(new double[][] {{1, 0, 0}, {0, 3, 0}, {0, 0, 2}});
        assertThat(diagonal.values()).containsExactly(3, 2, 1);
        assertThat(RgbPca.decompose(new double[3][3]).values()).containsExactly(0, 0, 0);
    }

    @Test
    void imageNetFiguresAreNearlyOrthonormal() {
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertThat(dot(RgbEigen.IMAGENET.vector(i), RgbEigen.IMAGENET.vector(j))).isCloseTo(i == j ? 1 : 0, within(2e-3));
            }
        }
    }

    @Test
    void pixelBudgetsAreKept() {
        RgbPca pca = new RgbPca(100, 250);
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        pca.add(image);
        assertThat(pca.count()).isBetween(1L, 100L);
        pca.add(image).add(image).add(image).add(image);
        assertThat(pca.count()).isEqualTo(250);
        RgbPca other = new RgbPca(100, 250).add(image);
        assertThat(new RgbPca(100, 250).merge(other).count()).isEqualTo(other.count());
        assertThatThrownBy(() -> new RgbPca().mean()).isInstanceOf(IllegalStateException.class);
    }

    private static BufferedImage gaussianImage(int w, int h, SplittableRandom rng) {
        double[][] l = cholesky(COVARIANCE);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double[] z = {rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()};
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    double v = MEAN[c] + l[c][0] * z[0] + l[c][1] * z[1] + l[c][2] * z[2];
                    rgb = rgb << 8 | (int) Math.max(0, Math.min(255, Math.round(v * 255)));
                }
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    private static double[][] cholesky(double[][] a) {
        double[][] l = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                l[i][j] = i == j ? Math.sqrt(sum) : sum / l[j][j];
            }
        }
        return l;
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }
}
