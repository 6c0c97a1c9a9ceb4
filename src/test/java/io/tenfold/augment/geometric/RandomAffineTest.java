package io.tenfold.augment.geometric;

import static io.tenfold.image.TestImages.coordinates;
import static io.tenfold.image.TestImages.photo;
import static io.tenfold.image.TestImages.pixels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tenfold.augment.ImageInfo;
import io.tenfold.augment.Range;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomAffineTest {

    private final BufferedImage image = photo(32, 24, 2);

    @Test
    void rotationByZeroAndTranslationByZeroAreTheIdentity() {
        RandomAffine.Params none = new RandomAffine.Params(0, 0, 0, 1, 1, 0);
        assertThat(pixels(RandomAffine.IDENTITY.apply(image, none))).containsExactly(pixels(image));
        RandomAffine.Params sampled = RandomAffine.IDENTITY.sample(ImageInfo.of(image), new SplittableRandom(1));
        assertThat(sampled).isEqualTo(none);
        RandomAffine zeroRanges = RandomAffine.builder().optDegrees(0).optTranslate(0).optShear(0).build();
        assertThat(pixels(zeroRanges.augment(image, new SplittableRandom(2)))).containsExactly(pixels(image));
    }

    @Test
    void translationMovesWholePixels() {
        BufferedImage source = coordinates(16, 12);
        BufferedImage moved = RandomAffine.IDENTITY.apply(source, new RandomAffine.Params(0, 3, -2, 1, 1, 0));
        assertThat(moved.getRGB(8, 4) & 0xFFFFFF).isEqualTo(source.getRGB(5, 6) & 0xFFFFFF);
        assertThat(moved.getRGB(1, 5) & 0xFFFFFF).isZero(); // uncovered: fill
    }

    @Test
    void positiveAnglesTurnCounterClockwiseAboutTheCentre() {
        RandomAffine.Params quarter = new RandomAffine.Params(90, 0, 0, 1, 1, 0);
        Point2D right = quarter.matrix(20, 20).transform(new Point2D.Double(15, 10), null);
        // on screen (y down) counter-clockwise takes the point right of the centre to above it
        assertThat(right.getX()).isCloseTo(10, within(1e-9));
        assertThat(right.getY()).isCloseTo(5, within(1e-9));
        Point2D centre = new RandomAffine.Params(33, 0, 0, 1.2, 0.8, 7).matrix(20, 20).transform(new Point2D.Double(10, 10), null);
        assertThat(centre.getX()).isCloseTo(10, within(1e-9));
        assertThat(centre.getY()).isCloseTo(10, within(1e-9));
    }

    @Test
    void drawsStayWithinTheirRanges() {
        RandomAffine affine = RandomAffine.builder().optDegrees(10).optTranslate(0.1, 0.2).optScale(Range.of(0.9, 1.1))
                .optStretch(Range.of(0.8, 1.25)).optShear(5).build();
        SplittableRandom rng = new SplittableRandom(9);
        ImageInfo info = new ImageInfo(100, 50);
        for (int i = 0; i < 2000; i++) {
            RandomAffine.Params p = affine.sample(info, rng);
            assertThat(p.angle()).isBetween(-10.0, 10.0);
            assertThat(p.translateX()).isBetween(-10, 10);
            assertThat(p.translateY()).isBetween(-10, 10);
            double s = Math.sqrt(p.scaleX() * p.scaleY());
            assertThat(s).isBetween(0.9 - 1e-9, 1.1 + 1e-9);
            assertThat(p.scaleX() / p.scaleY()).isBetween(0.8 - 1e-9, 1.25 + 1e-9);
            assertThat(p.shear()).isBetween(-5.0, 5.0);
        }
        assertThat(affine.augment(image, rng).getWidth()).isEqualTo(32);
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> RandomAffine.builder().optDegrees(Range.of(-200, 0)).build()).hasMessageStartingWith("degrees:");
        assertThatThrownBy(() -> RandomAffine.builder().optTranslate(1.5).build()).hasMessageStartingWith("translate:");
        assertThatThrownBy(() -> RandomAffine.builder().optScale(Range.of(0, 1)).build()).hasMessageStartingWith("scale: must be > 0");
        assertThatThrownBy(() -> RandomAffine.builder().optShear(85).build()).hasMessageStartingWith("shear:");
        assertThatThrownBy(() -> RandomAffine.builder().optFill(0x1000000).build()).hasMessageStartingWith("fill:");
    }
}
