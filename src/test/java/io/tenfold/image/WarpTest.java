package io.tenfold.image;

import static io.tenfold.image.TestImages.blue;
import static io.tenfold.image.TestImages.coordinates;
import static io.tenfold.image.TestImages.filled;
import static io.tenfold.image.TestImages.green;
import static io.tenfold.image.TestImages.pixels;
import static io.tenfold.image.TestImages.red;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class WarpTest {

    @Test
    void flipMirrorsAndIsItsOwnInverse() {
        BufferedImage image = coordinates(7, 5);
        BufferedImage flipped = Warp.flipHorizontal(image);
        assertThat(red(flipped, 0, 3)).isEqualTo(6);
        assertThat(green(flipped, 0, 3)).isEqualTo(3);
        assertThat(red(flipped, 6, 0)).isEqualTo(0);
        assertThat(pixels(Warp.flipHorizontal(flipped))).containsExactly(pixels(image));
        assertThat(pixels(image)).containsExactly(pixels(coordinates(7, 5))); // input untouched
    }

    @Test
    void cropKeepsThePixelsOfItsBox() {
        BufferedImage crop = Warp.crop(coordinates(10, 12), 3, 2, 4, 5);
        assertThat(crop.getWidth()).isEqualTo(4);
        assertThat(crop.getHeight()).isEqualTo(5);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 4; x++) {
                assertThat(crop.getRGB(x, y) & 0xFFFFFF).isEqualTo((3 + x) << 16 | (2 + y) << 8 | 7);
            }
        }
        assertThatThrownBy(() -> Warp.crop(coordinates(10, 12), 8, 0, 4, 4)).hasMessageContaining("outside");
    }

    @Test
    void resizedCropOfAnIntegerBoxAtScaleOneIsTheCrop() {
        BufferedImage image = coordinates(10, 12);
        assertThat(pixels(Warp.resizedCrop(image, 3, 2, 4, 5, 4, 5))).containsExactly(pixels(Warp.crop(image, 3, 2, 4, 5)));
    }

    @Test
    void resizedCropSamplesPixelCentresLinearly() {
        // red = 3x, so bilinear sampling reproduces the continuous coordinate exactly (up to rounding)
        BufferedImage image = scaledCoordinates(64, 64, 3);
        // 2x upscale of box (10, 20) 16x8: output centre i + 0.5 maps to 10 + (i + 0.5) / 2, pixel-centre index 9.75 + i / 2
        BufferedImage up = Warp.resizedCrop(image, 10, 20, 16, 8, 32, 16);
        for (int i = 2; i < 30; i++) {
            assertThat((double) red(up, i, 5)).isCloseTo(3 * (9.75 + i / 2.0), within(1.0));
        }
        assertThat((double) green(up, 7, 6)).isCloseTo(3 * (19.75 + 6 / 2.0), within(1.0));
        // 3x downscale with block averaging first: output i covers source 12 + 3i .. 12 + 3i + 2, centre 13 + 3i
        BufferedImage down = Warp.resizedCrop(image, 12, 12, 48, 48, 16, 16);
        for (int i = 0; i < 16; i++) {
            assertThat((double) red(down, i, 8)).isCloseTo(3 * (13 + 3 * i), within(1.0));
        }
    }

    @Test
    void strongDownscalingAveragesInsteadOfAliasing() {
        BufferedImage checker = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                checker.setRGB(x, y, ((x + y) & 1) == 0 ? 0xFFFFFF : 0);
            }
        }
        BufferedImage small = Warp.resizedCrop(checker, 0, 0, 64, 64, 8, 8);
        for (int p : pixels(small)) {
            assertThat((p >> 8) & 0xFF).isBetween(120, 135);
        }
    }

    @Test
    void affineIdentityTranslationAndQuarterTurnAreExact() {
        BufferedImage image = coordinates(8, 8);
        assertThat(pixels(Warp.affine(image, new AffineTransform(), 0))).containsExactly(pixels(image));

        BufferedImage shifted = Warp.affine(image, AffineTransform.getTranslateInstance(3, 2), 0x0A0B0C);
        assertThat(shifted.getRGB(5, 6) & 0xFFFFFF).isEqualTo(image.getRGB(2, 4) & 0xFFFFFF);
        assertThat(shifted.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0x0A0B0C);

        BufferedImage turned = Warp.affine(image, AffineTransform.getRotateInstance(Math.PI / 2, 4, 4), 0);
        // a quarter turn clockwise on screen: source (x, y) lands on (7 - y, x)
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                assertThat(turned.getRGB(7 - y, x) & 0xFFFFFF).isEqualTo(image.getRGB(x, y) & 0xFFFFFF);
            }
        }
    }

    @Test
    void remapWithTheIdentityTableIsTheIdentity() {
        BufferedImage image = coordinates(9, 6);
        assertThat(pixels(Warp.remap(image, table(9, 6, 0, 0), 0))).containsExactly(pixels(image));
    }

    @Test
    void remapInterpolatesBilinearlyAndFillsOutside() {
        BufferedImage image = scaledCoordinates(10, 10, 20);
        BufferedImage half = Warp.remap(image, table(10, 10, 0.5f, 0.25f), 0x123456);
        assertThat(red(half, 3, 3)).isEqualTo(70);   // between 60 and 80
        assertThat(green(half, 3, 3)).isEqualTo(65); // a quarter of the way from 60 to 80
        // the last column reads x = 9.5: on the border, the edge pixel repeats
        assertThat(red(half, 9, 0)).isEqualTo(180);
        BufferedImage out = Warp.remap(image, table(10, 10, 0.6f, 0), 0x123456);
        assertThat(out.getRGB(9, 0) & 0xFFFFFF).isEqualTo(0x123456);
        BufferedImage before = Warp.remap(image, table(10, 10, -0.5f, -0.5f), 0x123456);
        assertThat(red(before, 0, 0)).isEqualTo(0);
        assertThat(Warp.remap(image, table(10, 10, -0.51f, 0), 0x123456).getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x123456);
    }

    @Test
    void remapTableCannotBeChangedFromOutside() {
        float[] xs = new float[4];
        float[] ys = new float[4];
        RemapTable t = new RemapTable(2, 2, xs, ys);
        xs[0] = 5;
        assertThat(t.sourceX(0, 0)).isZero();
        assertThatThrownBy(() -> new RemapTable(2, 2, new float[3], ys)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kernelsAcceptSubImagesAndOtherTypes() {
        BufferedImage image = coordinates(10, 10);
        BufferedImage sub = image.getSubimage(2, 3, 5, 4);
        assertThat(pixels(Warp.flipHorizontal(Warp.flipHorizontal(sub)))).containsExactly(pixels(Warp.crop(image, 2, 3, 5, 4)));
        BufferedImage abgr = new BufferedImage(4, 4, BufferedImage.TYPE_3BYTE_BGR);
        abgr.setRGB(1, 2, 0x102030);
        assertThat(Warp.flipHorizontal(abgr).getRGB(2, 2) & 0xFFFFFF).isEqualTo(0x102030);
        assertThat(blue(Warp.crop(filled(3, 3, 0x0000FF), 0, 0, 2, 2), 1, 1)).isEqualTo(255);
    }

    private static RemapTable table(int w, int h, float dx, float dy) {
        float[] xs = new float[w * h];
        float[] ys = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                xs[y * w + x] = x + dx;
                ys[y * w + x] = y + dy;
            }
        }
        return new RemapTable(w, h, xs, ys);
    }

    /** Red = k x, green = k y. */
    private static BufferedImage scaledCoordinates(int w, int h, int k) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, Math.min(255, k * x) << 16 | Math.min(255, k * y) << 8);
            }
        }
        return image;
    }
}
