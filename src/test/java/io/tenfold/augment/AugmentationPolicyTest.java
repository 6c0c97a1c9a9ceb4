package io.tenfold.augment;

import static io.tenfold.image.TestImages.photo;
import static io.tenfold.image.TestImages.pixels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenfold.augment.geometric.RandomScaleCrop;
import io.tenfold.augment.pixel.PcaColor;
import io.tenfold.augment.pixel.RgbEigen;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AugmentationPolicyTest {

    private final BufferedImage image = photo(80, 60, 1);

    @Test
    void theSameSeedTripleGivesByteIdenticalImagesAndAnotherIndexAnother() {
        for (String name : AugmentationPolicies.NAMES) {
            AugmentationPolicy policy = AugmentationPolicies.named(name, 48);
            int[] first = pixels(policy.augment(image, 42, 3, 7));
            int[] again = pixels(policy.augment(image, 42, 3, 7));
            assertThat(again).as(name).containsExactly(first);
            if (!name.equals("none")) {
                assertThat(pixels(policy.augment(image, 42, 3, 8))).as(name).isNotEqualTo(first);
                assertThat(pixels(policy.augment(image, 42, 4, 7))).as(name).isNotEqualTo(first);
                assertThat(pixels(policy.augment(image, 43, 3, 7))).as(name).isNotEqualTo(first);
            }
        }
    }

    @Test
    void sampledParamsReplayToTheSameImage() {
        AugmentationPolicy policy = AugmentationPolicies.heavy(48);
        Compose.Params params = policy.sample(ImageInfo.of(image), Seeds.forSample(1, 2, 3));
        assertThat(pixels(policy.apply(image, params))).containsExactly(pixels(policy.augment(image, 1, 2, 3)));
    }

    @Test
    void outputIsAlwaysTheInputSize() {
        for (String name : AugmentationPolicies.NAMES) {
            for (BufferedImage input : new BufferedImage[] {image, photo(30, 90, 2), photo(200, 150, 3)}) {
                BufferedImage out = AugmentationPolicies.named(name, 32).augment(input, 1, 0, 0);
                assertThat(out.getWidth()).as(name).isEqualTo(32);
                assertThat(out.getHeight()).as(name).isEqualTo(32);
                assertThat(out.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
            }
        }
    }

    @Test
    void noneIsTheEvaluationViewAndDrawsNothing() {
        AugmentationPolicy none = AugmentationPolicies.none(32);
        assertThat(pixels(none.augment(image, 1, 0, 0))).containsExactly(pixels(none.augment(image, 2, 5, 9)));
    }

    @Test
    void presetsAreNamedAndTheUnknownListsThem() {
        assertThat(AugmentationPolicies.named("default", 224)).isEqualTo(AugmentationPolicies.standard(224));
        assertThatThrownBy(() -> AugmentationPolicies.named("extreme", 224))
                .hasMessage("policy: unknown 'extreme'; known: none, light, default, heavy");
    }

    @Test
    void theDatasetsPcaBasisReplacesImageNets() {
        RgbEigen dataset = new RgbEigen(new double[] {0.1, 0.01, 0.001}, new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
        AugmentationPolicy policy = AugmentationPolicies.heavy(224).withPcaEigen(dataset);
        assertThat(policy.transforms().transforms()).filteredOn(t -> t instanceof PcaColor)
                .singleElement().isEqualTo(new PcaColor(0.1, dataset));
    }

    @Test
    void aPcaTransformThatNamesItsOwnBasisKeepsIt() {
        RgbEigen own = new RgbEigen(new double[] {0.3, 0.02, 0.001}, new double[][] {{0, 1, 0}, {1, 0, 0}, {0, 0, 1}});
        RgbEigen dataset = new RgbEigen(new double[] {0.1, 0.01, 0.001}, new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});
        AugmentationPolicy policy = AugmentationPolicy.of(224, new PcaColor(0.1, own)).withPcaEigen(dataset);
        assertThat(policy.transforms().transforms()).singleElement().isEqualTo(new PcaColor(0.1, own));
    }

    @Test
    void cropsMustCropToTheInputSize() {
        assertThatThrownBy(() -> AugmentationPolicy.of(224, new RandomApply<>(0.5, RandomScaleCrop.resnet(160))))
                .hasMessageStartingWith("transforms[0].transform.size: crops to 160 but the policy's input size is 224");
        assertThatThrownBy(() -> AugmentationPolicy.of(8)).hasMessageStartingWith("inputSize: must be in [16, 4096]");
    }

    @Test
    void theDefaultPolicyIsFlipScaleCropJitterAndPca() {
        assertThat(AugmentationPolicies.standard(224).transforms().transforms().stream()
                .map(t -> t.getClass().getSimpleName()).toList())
                .containsExactly("RandomHorizontalFlip", "RandomScaleCrop", "ColorJitter", "PcaColor");
        assertThat(Arrays.asList(AugmentationPolicies.NAMES.toArray())).containsExactly("none", "light", "default", "heavy");
    }
}
