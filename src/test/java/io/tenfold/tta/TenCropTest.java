package io.tenfold.tta;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenfold.image.ImageOps;
import io.tenfold.image.Warp;
import io.tenfold.image.Preprocessing;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class TenCropTest {

    /** 8x8 input crops of a 10x12 image whose pixels encode their own coordinates. */
    private static final Preprocessing SMALL = new Preprocessing(8, 10, new float[3], new float[] {1, 1, 1});

    @Test
    void cornersCentreAndMirrorsInOrder() {
        BufferedImage image = coordinates(10, 12);
        List<BufferedImage> views = new TenCrop().views(image, SMALL);

        assertThat(views).hasSize(10).allSatisfy(v -> {
            assertThat(v.getWidth()).isEqualTo(8);
            assertThat(v.getHeight()).isEqualTo(8);
        });
        assertThat(origin(views.get(0))).containsExactly(0, 0);
        assertThat(origin(views.get(1))).containsExactly(2, 0);
        assertThat(origin(views.get(2))).containsExactly(0, 4);
        assertThat(origin(views.get(3))).containsExactly(2, 4);
        assertThat(origin(views.get(4))).containsExactly(1, 2);
        for (int i = 0; i < 5; i++) {
            assertThat(pixels(views.get(i + 5))).containsExactly(pixels(Warp.flipHorizontal(views.get(i))));
        }
    }

    @Test
    void centerIsTheFifthTenCropView() {
        BufferedImage image = coordinates(10, 12);
        assertThat(pixels(new CenterCrop().views(image, SMALL).get(0)))
                .containsExactly(pixels(new TenCrop().views(image, SMALL).get(4)));
    }

    @Test
    void shortSideIsResizedFirst() {
        BufferedImage wide = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        BufferedImage view = new CenterCrop().views(wide, SMALL).get(0);
        assertThat(view.getWidth()).isEqualTo(8);
        assertThat(view.getHeight()).isEqualTo(8);
    }

    @Test
    void unknownPolicyNamesTheKnownOnes() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TtaPolicies.byName("twelve-crop"))
                .hasMessageContaining("center").hasMessageContaining("ten-crop");
    }

    /** Red = x, green = y. */
    private static BufferedImage coordinates(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, (x << 16) | (y << 8));
            }
        }
        return image;
    }

    private static int[] origin(BufferedImage view) {
        int rgb = view.getRGB(0, 0);
        return new int[] {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF};
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
