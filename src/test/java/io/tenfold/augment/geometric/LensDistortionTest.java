package io.tenfold.augment.geometric;

import static io.tenfold.image.TestImages.filled;
import static io.tenfold.image.TestImages.photo;
import static io.tenfold.image.TestImages.pixels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenfold.augment.ImageInfo;
import io.tenfold.augment.Range;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LensDistortionTest {

    @Test
    void zeroCoefficientsAreTheIdentity() {
        BufferedImage image = photo(31, 20, 4);
        LensDistortion none = new LensDistortion(Range.constant(0), Range.constant(0));
        LensDistortion.Params p = none.sample(ImageInfo.of(image), new SplittableRandom(1));
        assertThat(pixels(none.apply(image, p))).containsExactly(pixels(image));
    }

    @Test
    void barrelPullsAnOffCentrePointInwardsAndPincushionPushesItOut() {
        BufferedImage image = dot(64, 64, 54, 50); // centre (32, 32): the dot is 22.5 right and 18.5 down
        double[] before = centroid(image);
        double[] barrel = centroid(lens(image, 0.4));
        double[] pincushion = centroid(lens(image, -0.2));
        assertThat(radius(barrel)).isLessThan(radius(before) - 2);
        assertThat(radius(pincushion)).isGreaterThan(radius(before) + 1);
        // radial: the direction from the centre is kept
        assertThat(Math.atan2(barrel[1] - 32, barrel[0] - 32)).isCloseTo(Math.atan2(before[1] - 32, before[0] - 32),
                org.assertj.core.api.Assertions.within(0.05));
    }

    @Test
    void theTableIsMadeWhenSamplingAndMustMatchTheImage() {
        LensDistortion lens = new LensDistortion(Range.symmetric(0.2), Range.symmetric(0.05));
        LensDistortion.Params p = lens.sample(new ImageInfo(20, 10), new SplittableRandom(3));
        assertThat(p.table().width()).isEqualTo(20);
        assertThat(p.k1()).isBetween(-0.2, 0.2);
        assertThat(p.k2()).isBetween(-0.05, 0.05);
        assertThatThrownBy(() -> lens.apply(filled(10, 20, 0), p)).hasMessageContaining("sampled for a 20x10 image");
    }

    @Test
    void coefficientsThatWouldFoldTheImageAreRejected() {
        assertThatThrownBy(() -> new LensDistortion(Range.of(-0.5, 0), Range.constant(0))).hasMessageStartingWith("k1:")
                .hasMessageContaining("fold");
        assertThatThrownBy(() -> new LensDistortion(Range.of(-0.2, 0), Range.of(-0.1, 0))).hasMessageStartingWith("k2:");
        assertThatThrownBy(() -> new LensDistortion(Range.of(0, 1.5), Range.constant(0))).hasMessageStartingWith("k1: must be within [-1, 1]");
    }

    private static BufferedImage lens(BufferedImage image, double k1) {
        return new LensDistortion(Range.constant(k1), Range.constant(0))
                .apply(image, new LensDistortion.Params(k1, 0, LensDistortion.table(image.getWidth(), image.getHeight(), k1, 0)));
    }

    private static BufferedImage dot(int w, int h, int cx, int cy) {
        BufferedImage image = filled(w, h, 0);
        for (int y = cy - 1; y <= cy + 1; y++) {
            for (int x = cx - 1; x <= cx + 1; x++) {
                image.setRGB(x, y, 0xFFFFFF);
            }
        }
        return image;
    }

    /** Brightness-weighted centre, in continuous coordinates. */
    private static double[] centroid(BufferedImage image) {
        double sx = 0;
        double sy = 0;
        double total = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int v = image.getRGB(x, y) & 0xFF;
                sx += v * (x + 0.5);
                sy += v * (y + 0.5);
                total += v;
            }
        }
        return new double[] {sx / total, sy / total};
    }

    private static double radius(double[] p) {
        return Math.hypot(p[0] - 32, p[1] - 32);
    }
}
