package io.tenfold.augment;

import static io.tenfold.image.TestImages.photo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class AugmentationPreviewTest {

    private final List<BufferedImage> images = List.of(photo(60, 40, 1), photo(40, 60, 2));

    @Test
    void rendersAGridOfNSamplesAsPng() throws Exception {
        AugmentationPreview preview = new AugmentationPreview(AugmentationPolicies.standard(32), 7, 24);
        byte[] png = preview.renderPng(images, 7);
        BufferedImage grid = ImageIO.read(new ByteArrayInputStream(png));
        // 7 samples: 3 columns, 3 rows of 24-pixel cells with 2-pixel gaps
        assertThat(grid.getWidth()).isEqualTo(3 * 24 + 4 * 2);
        assertThat(grid.getHeight()).isEqualTo(3 * 24 + 4 * 2);
        assertThat(grid.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x808080);
        assertThat(grid.getRGB(79, 79) & 0xFFFFFF).isEqualTo(0x808080); // the empty last cells
        // cell k is the policy's sample (seed, 0, k) of image k mod 2, scaled to the cell
        BufferedImage third = AugmentationPolicies.standard(32).augment(images.get(0), 7, 0, 2);
        BufferedImage cell = grid.getSubimage(2 + 2 * 26, 2, 24, 24);
        assertThat(meanRed(cell)).isCloseTo(meanRed(third), org.assertj.core.api.Assertions.within(3.0));
        assertThat(preview.renderPng(images, 7)).isEqualTo(png);
    }

    @Test
    void cellsDefaultToTheInputSizeAndNIsBounded() {
        AugmentationPreview preview = new AugmentationPreview(AugmentationPolicies.none(16), 1);
        assertThat(preview.render(images, 1).getWidth()).isEqualTo(16 + 4);
        assertThatThrownBy(() -> preview.render(images, 0)).hasMessageStartingWith("n: must be in [1, 256]");
        assertThatThrownBy(() -> preview.render(List.of(), 4)).hasMessageStartingWith("images:");
    }

    private static double meanRed(BufferedImage image) {
        double sum = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                sum += (image.getRGB(x, y) >> 16) & 0xFF;
            }
        }
        return sum / (image.getWidth() * image.getHeight());
    }
}
