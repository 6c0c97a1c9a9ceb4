package io.tenfold.augment.geometric;

import static io.tenfold.image.TestImages.coordinates;
import static io.tenfold.image.TestImages.photo;
import static io.tenfold.image.TestImages.pixels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenfold.augment.ImageInfo;
import io.tenfold.image.Warp;
import io.tenfold.validation.InvalidFieldException;
import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomScaleCropTest {

    @Test
    void defaultsAre256To480At224AndProportionalElsewhere() {
        assertThat(RandomScaleCrop.resnet(224)).isEqualTo(new RandomScaleCrop(224, 256, 480));
        assertThat(RandomScaleCrop.resnet(112)).isEqualTo(new RandomScaleCrop(112, 128, 240));
        assertThat(RandomScaleCrop.resnet(160)).isEqualTo(new RandomScaleCrop(160, 183, 343));
    }

    @Test
    void shortSideIsDrawnFromTheWholeRangeAndTheCropFits() {
        RandomScaleCrop crop = new RandomScaleCrop(24, 28, 40);
        SplittableRandom rng = new SplittableRandom(7);
        Set<Integer> seen = new HashSet<>();
        for (ImageInfo info : new ImageInfo[] {new ImageInfo(50, 30), new ImageInfo(30, 50), new ImageInfo(33, 33)}) {
            for (int i = 0; i < 1000; i++) {
                RandomScaleCrop.Params p = crop.sample(info, rng);
                assertThat(p.shortSide()).isBetween(28, 40);
                assertThat(Math.min(p.scaledWidth(), p.scaledHeight())).isEqualTo(p.shortSide());
                assertThat((double) p.scaledWidth() / p.scaledHeight())
                        .isCloseTo((double) info.width() / info.height(), org.assertj.core.api.Assertions.within(0.05));
                assertThat(p.x()).isBetween(0, p.scaledWidth() - 24);
                assertThat(p.y()).isBetween(0, p.scaledHeight() - 24);
                seen.add(p.shortSide());
            }
        }
        assertThat(seen).hasSize(13);
    }

    @Test
    void outputIsTheInputSize() {
        RandomScaleCrop crop = RandomScaleCrop.resnet(32);
        BufferedImage image = photo(60, 45, 1);
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 5; i++) {
            RandomScaleCrop.Params p = crop.sample(ImageInfo.of(image), rng);
            BufferedImage out = crop.apply(image, p);
            assertThat(out.getWidth()).isEqualTo(32);
            assertThat(out.getHeight()).isEqualTo(32);
            assertThat(crop.outputInfo(ImageInfo.of(image), p)).isEqualTo(ImageInfo.square(32));
        }
    }

    @Test
    void withoutScalingTheCropKeepsTheSourcePixels() {
        BufferedImage image = coordinates(40, 30);
        RandomScaleCrop crop = new RandomScaleCrop(24, 30, 30); // L = the short side: no resize
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < 10; i++) {
            RandomScaleCrop.Params p = crop.sample(ImageInfo.of(image), rng);
            assertThat(pixels(crop.apply(image, p))).containsExactly(pixels(Warp.crop(image, p.x(), p.y(), 24, 24)));
        }
    }

    @Test
    void resizingThenCroppingIsOnePass() {
        // L = 2 x short side: output pixel (i, j) shows source pixel-centre ((x + i + 0.5) / 2 - 0.5, ...)
        BufferedImage image = coordinates(40, 30);
        RandomScaleCrop crop = new RandomScaleCrop(16, 60, 60);
        RandomScaleCrop.Params p = new RandomScaleCrop.Params(60, 80, 60, 20, 10, new ImageInfo(40, 30));
        BufferedImage out = crop.apply(image, p);
        assertThat((out.getRGB(5, 0) >> 16) & 0xFF).isBetween(12, 13); // (20 + 5.5) / 2 - 0.5 = 12.25
        assertThat((out.getRGB(0, 6) >> 8) & 0xFF).isBetween(7, 8);    // (10 + 6.5) / 2 - 0.5 = 7.75
        assertThatThrownBy(() -> crop.apply(coordinates(41, 30), p)).hasMessageContaining("sampled for a 40x30 image");
    }

    @Test
    void aCropLargerThanTheSmallestScaleIsRejected() {
        assertThatThrownBy(() -> new RandomScaleCrop(224, 200, 480)).isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("min: must be >= the input size 224");
        assertThatThrownBy(() -> new RandomScaleCrop(224, 300, 256)).hasMessageStartingWith("max: must be >= min (300)");
    }
}
