package io.tenfold.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImageOpsTest {

    /**
     * The stored 3x2 image
     * <pre>
     * a b c
     * d e f
     * </pre>
     * shown upright for each EXIF orientation.
     */
    @Test
    void orientTurnsEachExifOrientationUpright() {
        BufferedImage stored = image(3, 2, "abcdef");
        assertThat(rows(ImageOps.orient(stored, 1))).isEqualTo("abc/def");
        assertThat(rows(ImageOps.orient(stored, 2))).isEqualTo("cba/fed");
        assertThat(rows(ImageOps.orient(stored, 3))).isEqualTo("fed/cba");
        assertThat(rows(ImageOps.orient(stored, 4))).isEqualTo("def/abc");
        assertThat(rows(ImageOps.orient(stored, 5))).isEqualTo("ad/be/cf");
        assertThat(rows(ImageOps.orient(stored, 6))).isEqualTo("da/eb/fc");
        assertThat(rows(ImageOps.orient(stored, 7))).isEqualTo("fc/eb/da");
        assertThat(rows(ImageOps.orient(stored, 8))).isEqualTo("cf/be/ad");
        assertThatThrownBy(() -> ImageOps.orient(stored, 9)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shortSideSizeIsWhatResizeShortSideGives() {
        assertThat(ImageOps.shortSideSize(640, 480, 256)).containsExactly(341, 256);
        assertThat(ImageOps.shortSideSize(480, 640, 256)).containsExactly(256, 341);
        assertThat(ImageOps.shortSideSize(28, 28, 256)).containsExactly(256, 256);
        BufferedImage resized = ImageOps.resizeShortSide(new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB), 256);
        assertThat(new int[] {resized.getWidth(), resized.getHeight()}).containsExactly(341, 256);
    }

    /** Pixel values are the letters' codes. */
    private static BufferedImage image(int w, int h, String letters) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < letters.length(); i++) {
            image.setRGB(i % w, i / w, letters.charAt(i));
        }
        return image;
    }

    private static String rows(BufferedImage image) {
        StringBuilder out = new StringBuilder();
        for (int y = 0; y < image.getHeight(); y++) {
            if (y > 0) {
                out.append('/');
            }
            for (int x = 0; x < image.getWidth(); x++) {
                out.append((char) (image.getRGB(x, y) & 0xFF));
            }
        }
        return out.toString();
    }
}
