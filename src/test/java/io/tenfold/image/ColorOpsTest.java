package io.tenfold.image;

import static io.tenfold.image.TestImages.filled;
import static io.tenfold.image.TestImages.photo;
import static io.tenfold.image.TestImages.pixels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ColorOpsTest {

    private final BufferedImage image = photo(24, 16, 3);

    @Test
    void factorOneAndOffsetZeroChangeNothing() {
        assertThat(pixels(ColorOps.adjustBrightness(image, 1))).containsExactly(pixels(image));
        assertThat(pixels(ColorOps.adjustContrast(image, 1))).containsExactly(pixels(image));
        assertThat(pixels(ColorOps.adjustSaturation(image, 1))).containsExactly(pixels(image));
        assertThat(pixels(ColorOps.addRgb(image, 0, 0, 0))).containsExactly(pixels(image));
    }

    @Test
    void brightnessScalesAndClamps() {
        BufferedImage grey = filled(2, 2, 0x644B10); // 100, 75, 16
        assertThat(ColorOps.adjustBrightness(grey, 0).getRGB(0, 0) & 0xFFFFFF).isZero();
        assertThat(ColorOps.adjustBrightness(grey, 3).getRGB(1, 1) & 0xFFFFFF).isEqualTo(0xFFE130); // 255, 225, 48
    }

    @Test
    void contrastZeroIsTheMeanGreyAndSaturationZeroIsGreyscale() {
        int[] flat = pixels(ColorOps.adjustContrast(image, 0));
        assertThat(flat).containsOnly(flat[0]);
        int mean = (int) Math.round(ColorOps.meanLuma(image));
        assertThat(flat[0]).isEqualTo(mean << 16 | mean << 8 | mean);
        for (int p : pixels(ColorOps.adjustSaturation(image, 0))) {
            assertThat((p >> 16) & 0xFF).isEqualTo((p >> 8) & 0xFF).isEqualTo(p & 0xFF);
        }
    }

    @Test
    void addRgbWorksInUnitRangeAndClamps() {
        BufferedImage grey = filled(2, 2, 0x808080);
        assertThat(ColorOps.addRgb(grey, 0.2, -0.2, 1).getRGB(0, 0) & 0xFFFFFF)
                .isEqualTo((128 + 51) << 16 | (128 - 51) << 8 | 255);
        assertThatThrownBy(() -> ColorOps.addRgb(grey, Double.NaN, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ColorOps.adjustBrightness(grey, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
