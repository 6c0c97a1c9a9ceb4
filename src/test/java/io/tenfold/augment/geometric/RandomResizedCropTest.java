package io.tenfold.augment.geometric;

import static io.tenfold.image.TestImages.coordinates;
import static io.tenfold.image.TestImages.pixels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenfold.augment.ImageInfo;
import io.tenfold.augment.Range;
import io.tenfold.image.Warp;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomResizedCropTest {

    @Test
    void boxesHaveAreaAndAspectWithinTheirRanges() {
        RandomResizedCrop crop = RandomResizedCrop.inception(224);
        ImageInfo info = new ImageInfo(500, 375);
        SplittableRandom rng = new SplittableRandom(5);
        double minArea = 1;
        double maxArea = 0;
        double minAspect = 10;
        double maxAspect = 0;
        for (int i = 0; i < 5000; i++) {
            RandomResizedCrop.Params p = crop.sample(info, rng);
            assertThat(p.fallback()).isFalse();
            assertThat(p.x()).isBetween(0, 500 - p.width());
            assertThat(p.y()).isBetween(0, 375 - p.height());
            double area = (double) p.width() * p.height() / (500 * 375);
            double aspect = (double) p.width() / p.height();
            // rounding the sides to whole pixels moves area and aspect a little
            assertThat(area).isBetween(0.08 * 0.95, 1.0);
            assertThat(aspect).isBetween(0.75 * 0.97, 4.0 / 3.0 * 1.03);
            minArea = Math.min(minArea, area);
            maxArea = Math.max(maxArea, area);
            minAspect = Math.min(minAspect, aspect);
            maxAspect = Math.max(maxAspect, aspect);
        }
        assertThat(minArea).isLessThan(0.1);
        assertThat(maxArea).isGreaterThan(0.9);
        assertThat(minAspect).isLessThan(0.8);
        assertThat(maxAspect).isGreaterThan(1.25);
    }

    @Test
    void whenNoDrawFitsTheLargestCentredBoxWithAnAllowedAspectIsTaken() {
        // a 100x10 strip: a square of 90-100% of its area (30x30) never fits, its aspect 10 is above 1
        RandomResizedCrop crop = new RandomResizedCrop(8, Range.of(0.9, 1), Range.of(1, 1));
        RandomResizedCrop.Params p = crop.sample(new ImageInfo(100, 10), new SplittableRandom(1));
        assertThat(p).isEqualTo(new RandomResizedCrop.Params(45, 0, 10, 10, true));
        // a 10x100 strip against aspects [2, 3]: the full width and height 10 / 2 = 5
        RandomResizedCrop wide = new RandomResizedCrop(8, Range.of(0.9, 1), Range.of(2, 3));
        assertThat(wide.sample(new ImageInfo(10, 100), new SplittableRandom(1)))
                .isEqualTo(new RandomResizedCrop.Params(0, 47, 10, 5, true));
        // aspect of the image within the range: the whole image
        RandomResizedCrop loose = new RandomResizedCrop(8, Range.of(0.9, 1), Range.of(0.05, 20));
        assertThat(loose.sample(new ImageInfo(3, 1), new SplittableRandom(1)).fallback()).isFalse();
    }

    @Test
    void theCropKeepsTheBoxPixels() {
        BufferedImage image = coordinates(40, 30);
        RandomResizedCrop crop = new RandomResizedCrop(12, Range.of(0.08, 1), Range.of(0.75, 4.0 / 3));
        RandomResizedCrop.Params box = new RandomResizedCrop.Params(7, 5, 12, 12, false);
        assertThat(pixels(crop.apply(image, box))).containsExactly(pixels(Warp.crop(image, 7, 5, 12, 12)));
        BufferedImage scaled = crop.apply(image, new RandomResizedCrop.Params(0, 0, 24, 24, false));
        assertThat(scaled.getWidth()).isEqualTo(12);
        assertThat((scaled.getRGB(3, 0) >> 16) & 0xFF).isBetween(6, 7); // output column 3 averages source columns 6 and 7
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> new RandomResizedCrop(224, Range.of(0, 1), RandomResizedCrop.DEFAULT_RATIO))
                .hasMessageStartingWith("scale: must be within (0, 1]");
        assertThatThrownBy(() -> new RandomResizedCrop(224, Range.of(0.5, 1.5), RandomResizedCrop.DEFAULT_RATIO))
                .hasMessageStartingWith("scale: must be within (0, 1]");
        assertThatThrownBy(() -> new RandomResizedCrop(224, RandomResizedCrop.DEFAULT_SCALE, Range.of(-1, 1)))
                .hasMessageStartingWith("ratio: must be > 0");
    }
}
