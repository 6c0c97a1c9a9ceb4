package io.tenfold.tta;

import static io.tenfold.image.TestImages.photo;
import static io.tenfold.image.TestImages.pixels;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenfold.image.Preprocessing;
import io.tenfold.training.ImagePreparation;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/**
 * Training and serving look at an image through one evaluation view: the pixels validation (and
 * training without augmentation) feeds the network are the pixels the {@code center} TTA view
 * feeds it, byte for byte, for photographs larger and smaller than the model's input.
 */
class EvaluationViewTest {

    private static final Preprocessing MODEL = Preprocessing.unitRange(224);

    @Test
    void theValidationViewIsTheCenterView() {
        for (int[] size : new int[][] {{1600, 1200}, {900, 1350}, {224, 224}, {100, 60}, {28, 28}}) {
            BufferedImage image = photo(size[0], size[1], size[0]);
            BufferedImage validation = new ImagePreparation.CentreCrop(MODEL).prepare(image, 0, 0);
            BufferedImage center = new CenterCrop().views(image, MODEL).get(0);
            assertThat(validation.getWidth()).isEqualTo(224);
            assertThat(pixels(center)).as("%dx%d", size[0], size[1]).containsExactly(pixels(validation));
            // and it is the centre view of flip and ten-crop
            assertThat(pixels(new Flip().views(image, MODEL).get(0))).containsExactly(pixels(validation));
            assertThat(pixels(new TenCrop().views(image, MODEL).get(4))).containsExactly(pixels(validation));
        }
    }
}
