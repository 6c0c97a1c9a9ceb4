package io.tenfold.augment.geometric;

import static io.tenfold.image.TestImages.coordinates;
import static io.tenfold.image.TestImages.pixels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenfold.augment.ImageInfo;
import io.tenfold.validation.InvalidFieldException;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomHorizontalFlipTest {

    private final RandomHorizontalFlip flip = new RandomHorizontalFlip(0.5);
    private final BufferedImage image = coordinates(9, 4);

    @Test
    void flippingIsItsOwnInverse() {
        RandomHorizontalFlip.Params yes = new RandomHorizontalFlip.Params(true);
        BufferedImage once = flip.apply(image, yes);
        assertThat(once.getRGB(0, 2) & 0xFFFFFF).isEqualTo(image.getRGB(8, 2) & 0xFFFFFF);
        assertThat(pixels(flip.apply(once, yes))).containsExactly(pixels(image));
        assertThat(flip.apply(image, new RandomHorizontalFlip.Params(false))).isSameAs(image);
    }

    @Test
    void flipsWithProbabilityP() {
        SplittableRandom rng = new SplittableRandom(1);
        ImageInfo info = ImageInfo.of(image);
        int flips = 0;
        for (int i = 0; i < 4000; i++) {
            flips += new RandomHorizontalFlip(0.3).sample(info, rng).flipped() ? 1 : 0;
        }
        assertThat(flips / 4000.0).isBetween(0.27, 0.33);
        assertThat(new RandomHorizontalFlip(1).sample(info, rng).flipped()).isTrue();
        assertThat(new RandomHorizontalFlip(0).sample(info, rng).flipped()).isFalse();
    }

    @Test
    void probabilityIsCheckedWhenBuilt() {
        assertThatThrownBy(() -> new RandomHorizontalFlip(1.5)).isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("p: must be in [0, 1]");
        assertThatThrownBy(() -> new RandomHorizontalFlip(Double.NaN)).hasMessageStartingWith("p: must be in [0, 1]");
    }
}
