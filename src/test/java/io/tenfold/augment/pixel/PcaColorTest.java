package io.tenfold.augment.pixel;

import static io.tenfold.image.TestImages.filled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tenfold.augment.ImageInfo;
import io.tenfold.validation.InvalidFieldException;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PcaColorTest {

    @Test
    void offsetsHaveMeanZeroAndCovarianceSigmaSquaredTimesSumOfLambdaSquaredPPt() {
        // a basis that is not axis-aligned and eigenvalues of different sizes
        double s = Math.sqrt(0.5);
        double t = Math.sqrt(1.0 / 3);
        RgbEigen eigen = new RgbEigen(new double[] {0.3, 0.1, 0.02},
                new double[][] {{t, t, t}, {s, -s, 0}, {Math.sqrt(1.0 / 6), Math.sqrt(1.0 / 6), -2 * Math.sqrt(1.0 / 6)}});
        double sigma = 0.1;
        PcaColor pca = new PcaColor(sigma, eigen);
        SplittableRandom rng = new SplittableRandom(42);
        int n = 40_000;
        double[] mean = new double[3];
        double[][] second = new double[3][3];
        for (int k = 0; k < n; k++) {
            PcaColor.Params p = pca.sample(new ImageInfo(1, 1), rng);
            double[] v = {p.red(), p.green(), p.blue()};
            for (int i = 0; i < 3; i++) {
                mean[i] += v[i] / n;
                for (int j = 0; j < 3; j++) {
                    second[i][j] += v[i] * v[j] / n;
                }
            }
        }
        double scale = sigma * sigma * 0.3 * 0.3; // the largest term, for a relative tolerance
        for (int i = 0; i < 3; i++) {
            assertThat(mean[i]).isCloseTo(0, within(3 * Math.sqrt(scale / n) * 2));
            for (int j = 0; j < 3; j++) {
                double expected = 0;
                for (int k = 0; k < 3; k++) {
                    double l = eigen.value(k);
                    expected += sigma * sigma * l * l * eigen.vector(k)[i] * eigen.vector(k)[j];
                }
                double covariance = second[i][j] - mean[i] * mean[j];
                assertThat(covariance).as("cov[%d][%d]", i, j).isCloseTo(expected, within(0.04 * scale));
            }
        }
    }

    @Test
    void theSameOffsetGoesOnEveryPixelAndIsClamped() {
        BufferedImage image = filled(3, 2, 0x10F080);
        BufferedImage out = new PcaColor(0.1).apply(image, new PcaColor.Params(0.1, 0.1, -0.1));
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                assertThat(out.getRGB(x, y) & 0xFFFFFF).isEqualTo((0x10 + 26) << 16 | 0xFF << 8 | (0x80 - 25));
            }
        }
    }

    @Test
    void sigmaMustNotBeNegativeAndTheBasisMustBeUnitVectors() {
        assertThatThrownBy(() -> new PcaColor(-0.1)).isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("sigma: must be in [0, 10]");
        assertThatThrownBy(() -> new RgbEigen(new double[] {1, 1, 1}, new double[][] {{1, 0, 0}, {0, 2, 0}, {0, 0, 1}}))
                .hasMessageStartingWith("eigenvectors[1]: must be a unit vector");
        assertThatThrownBy(() -> new RgbEigen(new double[] {1, -1, 1}, new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}))
                .hasMessageStartingWith("eigenvalues[1]:");
    }
}
