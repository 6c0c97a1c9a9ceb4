package io.tenfold.augment.pixel;

import static io.tenfold.image.TestImages.photo;
import static io.tenfold.image.TestImages.pixels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenfold.augment.ImageInfo;
import io.tenfold.augment.pixel.ColorJitter.Op;
import io.tenfold.image.ColorOps;
import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ColorJitterTest {

    private final BufferedImage image = photo(20, 14, 8);

    @Test
    void factorOneIsTheIdentity() {
        ColorJitter jitter = new ColorJitter(0.4, 0.4, 0.4);
        assertThat(pixels(jitter.apply(image, ColorJitter.Params.identity()))).containsExactly(pixels(image));
        ColorJitter off = new ColorJitter(0, 0, 0);
        ColorJitter.Params p = off.sample(ImageInfo.of(image), new SplittableRandom(1));
        assertThat(List.of(p.brightness(), p.contrast(), p.saturation())).containsOnly(1.0);
        assertThat(pixels(off.apply(image, p))).containsExactly(pixels(image));
    }

    @Test
    void factorsAreDrawnAroundOneAndEveryOrderOccurs() {
        ColorJitter jitter = new ColorJitter(0.4, 0.2, 1.5);
        SplittableRandom rng = new SplittableRandom(2);
        Set<List<Op>> orders = new HashSet<>();
        double minSaturation = 2;
        for (int i = 0; i < 3000; i++) {
            ColorJitter.Params p = jitter.sample(new ImageInfo(4, 4), rng);
            assertThat(p.brightness()).isBetween(0.6, 1.4);
            assertThat(p.contrast()).isBetween(0.8, 1.2);
            assertThat(p.saturation()).isBetween(0.0, 2.5);
            minSaturation = Math.min(minSaturation, p.saturation());
            orders.add(p.order());
        }
        assertThat(orders).hasSize(6);
        assertThat(minSaturation).isLessThan(0.05);
    }

    @Test
    void theOrderInTheParamsIsTheOrderApplied() {
        ColorJitter jitter = new ColorJitter(0.5, 0.5, 0);
        ColorJitter.Params brightnessFirst = new ColorJitter.Params(1.4, 0.5, 1, List.of(Op.BRIGHTNESS, Op.CONTRAST, Op.SATURATION));
        ColorJitter.Params contrastFirst = new ColorJitter.Params(1.4, 0.5, 1, List.of(Op.CONTRAST, Op.BRIGHTNESS, Op.SATURATION));
        assertThat(pixels(jitter.apply(image, brightnessFirst)))
                .containsExactly(pixels(ColorOps.adjustContrast(ColorOps.adjustBrightness(image, 1.4), 0.5)));
        assertThat(pixels(jitter.apply(image, contrastFirst)))
                .containsExactly(pixels(ColorOps.adjustBrightness(ColorOps.adjustContrast(image, 0.5), 1.4)));
        assertThat(pixels(jitter.apply(image, brightnessFirst))).isNotEqualTo(pixels(jitter.apply(image, contrastFirst)));
        assertThatThrownBy(() -> new ColorJitter.Params(1, 1, 1, List.of(Op.CONTRAST, Op.CONTRAST, Op.SATURATION)))
                .hasMessageContaining("permutation");
    }

    @Test
    void negativeStrengthsAreRejected() {
        assertThatThrownBy(() -> new ColorJitter(-0.1, 0, 0)).hasMessageStartingWith("brightness: must be in [0, 10]");
    }
}
