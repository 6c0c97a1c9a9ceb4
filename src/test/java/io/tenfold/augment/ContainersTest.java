package io.tenfold.augment;

import static io.tenfold.image.TestImages.coordinates;
import static io.tenfold.image.TestImages.pixels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenfold.augment.geometric.RandomHorizontalFlip;
import io.tenfold.augment.geometric.RandomScaleCrop;
import io.tenfold.augment.pixel.ColorJitter;
import io.tenfold.image.Warp;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ContainersTest {

    private final BufferedImage image = coordinates(40, 30);

    @Test
    void composeSamplesEachStepForTheSizeBeforeIt() {
        Compose compose = Compose.of(new RandomScaleCrop(16, 20, 24), new RandomHorizontalFlip(1));
        Compose.Params p = compose.sample(ImageInfo.of(image), new SplittableRandom(1));
        assertThat(p.steps()).hasSize(2);
        assertThat(compose.outputInfo(ImageInfo.of(image), p)).isEqualTo(ImageInfo.square(16));
        BufferedImage out = compose.apply(image, p);
        @SuppressWarnings("unchecked")
        Sampled<RandomScaleCrop.Params> crop = (Sampled<RandomScaleCrop.Params>) p.steps().get(0);
        assertThat(pixels(out)).containsExactly(pixels(Warp.flipHorizontal(crop.apply(image))));
    }

    @Test
    void composeRefusesParamsOfAnotherCompose() {
        Compose a = Compose.of(new RandomHorizontalFlip(1));
        Compose b = Compose.of(new RandomHorizontalFlip(0.5));
        Compose.Params p = a.sample(ImageInfo.of(image), new SplittableRandom(1));
        assertThatThrownBy(() -> b.apply(image, p)).hasMessageContaining("sampled by another transform");
        assertThatThrownBy(() -> Compose.of().apply(image, p)).hasMessageContaining("has 0 transforms");
    }

    @Test
    void aChildsDrawsDoNotShiftItsSiblings() {
        // the jitter after the flip draws the same whatever the first child is
        ColorJitter jitter = new ColorJitter(0.4, 0.4, 0.4);
        Compose one = Compose.of(new RandomHorizontalFlip(0.5), jitter);
        Compose two = Compose.of(new RandomScaleCrop(16, 20, 40), jitter);
        Compose.Params p1 = one.sample(ImageInfo.of(image), Seeds.forSample(5, 1, 2));
        Compose.Params p2 = two.sample(ImageInfo.of(image), Seeds.forSample(5, 1, 2));
        assertThat(p1.steps().get(1).params()).isEqualTo(p2.steps().get(1).params());
    }

    @Test
    void randomApplyAppliesWithProbabilityP() {
        RandomApply<RandomHorizontalFlip.Params> always = new RandomApply<>(1, new RandomHorizontalFlip(1));
        RandomApply<RandomHorizontalFlip.Params> never = new RandomApply<>(0, new RandomHorizontalFlip(1));
        SplittableRandom rng = new SplittableRandom(3);
        assertThat(pixels(always.augment(image, rng))).containsExactly(pixels(Warp.flipHorizontal(image)));
        assertThat(never.augment(image, rng)).isSameAs(image);
        RandomApply<RandomHorizontalFlip.Params> sometimes = new RandomApply<>(0.25, new RandomHorizontalFlip(1));
        int applied = 0;
        for (int i = 0; i < 4000; i++) {
            applied += sometimes.sample(ImageInfo.of(image), rng).applied() ? 1 : 0;
        }
        assertThat(applied / 4000.0).isBetween(0.22, 0.28);
        assertThatThrownBy(() -> new RandomApply<>(-0.1, new RandomHorizontalFlip(1))).hasMessageStartingWith("p: must be in [0, 1]");
    }

    @Test
    void oneOfChoosesByWeight() {
        RandomHorizontalFlip a = new RandomHorizontalFlip(0.1);
        RandomHorizontalFlip b = new RandomHorizontalFlip(0.2);
        RandomHorizontalFlip c = new RandomHorizontalFlip(0.3);
        OneOf oneOf = new OneOf(List.of(a, b, c), List.of(1.0, 3.0, 0.0));
        int[] counts = new int[3];
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < 4000; i++) {
            OneOf.Params p = oneOf.sample(ImageInfo.of(image), rng);
            counts[p.index()]++;
            assertThat(p.chosen().transform()).isEqualTo(oneOf.transforms().get(p.index()));
        }
        assertThat(counts[0] / 4000.0).isBetween(0.22, 0.28);
        assertThat(counts[2]).isZero();
        assertThat(new OneOf(List.of(a, b)).weights()).containsExactly(1.0, 1.0);
    }

    @Test
    void oneOfChecksItsWeights() {
        RandomHorizontalFlip a = new RandomHorizontalFlip(0.1);
        assertThatThrownBy(() -> new OneOf(List.of(a, a), List.of(1.0))).hasMessageStartingWith("weights: must have one weight per transform (2), had 1");
        assertThatThrownBy(() -> new OneOf(List.of(a, a), List.of(1.0, -1.0))).hasMessageStartingWith("weights[1]: must be finite and >= 0");
        assertThatThrownBy(() -> new OneOf(List.of(a), List.of(0.0))).hasMessageStartingWith("weights: must not all be 0");
        assertThatThrownBy(() -> new OneOf(List.of())).hasMessageStartingWith("transforms: must hold at least one");
    }
}
