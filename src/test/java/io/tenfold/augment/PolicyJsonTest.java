package io.tenfold.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenfold.augment.geometric.LensDistortion;
import io.tenfold.augment.geometric.RandomAffine;
import io.tenfold.augment.geometric.RandomHorizontalFlip;
import io.tenfold.augment.geometric.RandomResizedCrop;
import io.tenfold.augment.geometric.RandomScaleCrop;
import io.tenfold.augment.pixel.ColorJitter;
import io.tenfold.augment.pixel.PcaColor;
import io.tenfold.augment.pixel.RgbEigen;
import io.tenfold.augment.pixel.RgbPca;
import io.tenfold.validation.InvalidFieldException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class PolicyJsonTest {

    private static final RgbEigen DATASET_EIGEN = RgbPca.decompose(new double[][] {
            {0.0100, 0.0080, 0.0050}, {0.0080, 0.0090, 0.0060}, {0.0050, 0.0060, 0.0070}});

    /** At least one instance of every registered type, with fields away from their defaults. */
    private static Map<String, List<RandomTransform<?>>> examples() {
        Map<String, List<RandomTransform<?>>> m = new TreeMap<>();
        m.put("hflip", List.of(new RandomHorizontalFlip(0.3), new RandomHorizontalFlip(1)));
        m.put("scale-crop", List.of(new RandomScaleCrop(224, 240, 300), RandomScaleCrop.resnet(224)));
        m.put("random-resized-crop", List.of(RandomResizedCrop.inception(224),
                new RandomResizedCrop(224, Range.of(0.25, 0.9), Range.of(0.5, 2))));
        m.put("color-jitter", List.of(new ColorJitter(0.4, 0.3, 0.2), new ColorJitter(0, 0.125, 0)));
        m.put("pca-color", List.of(new PcaColor(0.1), new PcaColor(0.2, DATASET_EIGEN), new PcaColor(0)));
        m.put("affine", List.of(
                RandomAffine.builder().optDegrees(10).optTranslate(0.1).optScale(Range.of(0.9, 1.1)).optShear(5).build(),
                RandomAffine.builder().optDegrees(Range.of(-5, 15)).optTranslate(0.1, 0.05).optStretch(Range.of(0.8, 1.25))
                        .optShear(Range.of(0, 3)).optFill(0x102030).build(),
                RandomAffine.IDENTITY));
        m.put("lens", List.of(new LensDistortion(Range.symmetric(0.2), Range.symmetric(0.05)),
                new LensDistortion(Range.of(0, 0.3), Range.constant(0), 0x7F7F7F)));
        m.put("compose", List.of(Compose.of(new RandomHorizontalFlip(0.5), Compose.of(new ColorJitter(0.1, 0, 0))), Compose.of()));
        m.put("random-apply", List.of(
                new RandomApply<>(0.3, new LensDistortion(Range.symmetric(0.2), Range.symmetric(0.05))),
                new RandomApply<>(0.5, new RandomHorizontalFlip(1)),
                new RandomApply<>(0.5, new RandomApply<>(0.5, new PcaColor(0.1))),
                new RandomApply<>(1, new ColorJitter(0.1, 0.1, 0.1))));
        m.put("one-of", List.of(new OneOf(List.of(RandomScaleCrop.resnet(224), RandomResizedCrop.inception(224))),
                new OneOf(List.of(new ColorJitter(0.4, 0, 0), new PcaColor(0.1)), List.of(3.0, 1.0))));
        return m;
    }

    @Test
    void everyTypeRoundTrips() {
        Map<String, List<RandomTransform<?>>> examples = examples();
        assertThat(examples.keySet()).containsExactlyInAnyOrderElementsOf(AugmentationPolicy.typeNames());
        examples.forEach((type, transforms) -> {
            for (RandomTransform<?> t : transforms) {
                AugmentationPolicy policy = AugmentationPolicy.of(224, t);
                String json = policy.toJson();
                if (!(t instanceof RandomApply<?>)) {
                    assertThat(json).as(type).contains("\"type\" : \"" + type + "\"");
                }
                AugmentationPolicy parsed = AugmentationPolicy.fromJson(json);
                assertThat(parsed).as(json).isEqualTo(policy);
                assertThat(parsed.toJson()).isEqualTo(json);
            }
        });
    }

    @Test
    void randomApplyIsWrittenAsPOnTheTransformWhenThatHasNoPOfItsOwn() {
        String lens = AugmentationPolicy.of(224, new RandomApply<>(0.3, new LensDistortion(Range.symmetric(0.2), Range.constant(0))))
                .toJson();
        assertThat(lens).contains("\"type\" : \"lens\"").contains("\"p\" : 0.3").doesNotContain("random-apply");
        String flip = AugmentationPolicy.of(224, new RandomApply<>(0.5, new RandomHorizontalFlip(1))).toJson();
        assertThat(flip).contains("\"type\" : \"random-apply\"").contains("\"transform\" : {");
        assertThat(AugmentationPolicy.fromJson(flip)).isEqualTo(AugmentationPolicy.fromJson(
                "{\"version\": 1, \"inputSize\": 224, \"transforms\": [{\"type\": \"random-apply\", \"p\": 0.5,"
                        + " \"transform\": {\"type\": \"hflip\", \"p\": 1}}]}"));
    }

    @Test
    void presetsRoundTrip() {
        for (String name : AugmentationPolicies.NAMES) {
            for (int size : new int[] {224, 160}) {
                AugmentationPolicy preset = AugmentationPolicies.named(name, size);
                assertThat(AugmentationPolicy.fromJson(preset.toJson())).isEqualTo(preset);
            }
        }
    }

    @Test
    void theDocumentedExampleParses() {
        AugmentationPolicy policy = AugmentationPolicy.fromJson("""
                {"version": 1, "inputSize": 224, "transforms": [
                  {"type": "hflip", "p": 0.5},
                  {"type": "scale-crop", "min": 256, "max": 480},
                  {"type": "color-jitter", "brightness": 0.4, "contrast": 0.4, "saturation": 0.4},
                  {"type": "pca-color", "sigma": 0.1},
                  {"type": "affine", "degrees": 10, "translate": 0.1, "scale": [0.9, 1.1], "shear": 5},
                  {"type": "lens", "k1": [-0.2, 0.2], "k2": [-0.05, 0.05], "p": 0.3}
                ]}""");
        assertThat(policy).isEqualTo(AugmentationPolicies.heavy(224).transforms().transforms().size() == 6
                ? AugmentationPolicy.of(224, new RandomHorizontalFlip(0.5), RandomScaleCrop.resnet(224),
                        new ColorJitter(0.4, 0.4, 0.4), new PcaColor(0.1),
                        RandomAffine.builder().optDegrees(10).optTranslate(0.1).optScale(Range.of(0.9, 1.1)).optShear(5).build(),
                        new RandomApply<>(0.3, new LensDistortion(Range.symmetric(0.2), Range.symmetric(0.05))))
                : null);
        // absent fields take their defaults: scale-crop proportional to the input size
        assertThat(AugmentationPolicy.fromJson("""
                {"version": 1, "inputSize": 112, "transforms": [{"type": "scale-crop"}, {"type": "hflip"}]}"""))
                .isEqualTo(AugmentationPolicy.of(112, RandomScaleCrop.resnet(112), new RandomHorizontalFlip(0.5)));
    }

    @Test
    void errorsNameTheField() {
        expectError("[{\"type\": \"pca-color\", \"sigma\": -0.1}]", "transforms[0].sigma: must be in [0, 10], was -0.1");
        expectError("[{\"type\": \"hflip\"}, {\"type\": \"scale-crop\"}, {\"type\": \"hflip\", \"p\": 1.5}]",
                "transforms[2].p: must be in [0, 1], was 1.5");
        expectError("[{\"type\": \"lens\", \"k1\": 0.2, \"p\": 2}]", "transforms[0].p: must be in [0, 1], was 2.0");
        expectError("[{\"type\": \"scale-crop\", \"min\": 200, \"max\": 480}]",
                "transforms[0].min: must be >= the input size 224 (a 224 crop needs a short side of at least 224), was 200");
        expectError("[{\"type\": \"foo\"}]", "transforms[0].type: unknown 'foo'; known: affine, color-jitter, compose, hflip, "
                + "lens, one-of, pca-color, random-apply, random-resized-crop, scale-crop");
        expectError("[{\"p\": 0.5}]", "transforms[0].type: required; known: affine");
        expectError("[{\"type\": \"lens\", \"k1\": [0, 1.5]}]", "transforms[0].k1: must be within [-1, 1], was [0, 1.5]");
        expectError("[{\"type\": \"lens\", \"k1\": [-0.4, 0]}]", "transforms[0].k1: k1 down to -0.4 with k2 down to 0.0 would fold");
        expectError("[{\"type\": \"lens\", \"k1\": [0.2, -0.2]}]", "transforms[0].k1: must be [min, max] with min <= max");
        expectError("[{\"type\": \"hflip\", \"probability\": 0.5}]", "transforms[0].probability: unknown field of 'hflip'; known: p");
        expectError("[{\"type\": \"hflip\", \"p\": \"often\"}]", "transforms[0].p: must be a number");
        expectError("[{\"type\": \"scale-crop\", \"min\": 256.5}]", "transforms[0].min: must be an integer");
        expectError("[{\"type\": \"affine\", \"fill\": [0, 300, 0]}]", "transforms[0].fill[1]: must be in [0, 255], was 300");
        expectError("[{\"type\": \"affine\", \"scale\": 1.1}]", "transforms[0].scale: must be [min, max]");
        expectError("[{\"type\": \"random-resized-crop\", \"scale\": [0, 1]}]", "transforms[0].scale: must be within (0, 1]");
        expectError("[{\"type\": \"pca-color\", \"eigenvalues\": [1, 1, 1]}]",
                "transforms[0].eigenvectors: required with eigenvalues");
        expectError("[{\"type\": \"pca-color\", \"eigenvalues\": [1, 1, 1], \"eigenvectors\": [[1, 0, 0], [0, 1, 0], [0, 0]]}]",
                "transforms[0].eigenvectors[2]: must be 3 numbers");
        expectError("[{\"type\": \"compose\", \"transforms\": [{\"type\": \"hflip\"}, {\"type\": \"hflip\", \"p\": -1}]}]",
                "transforms[0].transforms[1].p: must be in [0, 1]");
        expectError("[{\"type\": \"random-apply\", \"p\": 0.5, \"transform\": {\"type\": \"lens\", \"k2\": [-2, 0]}}]",
                "transforms[0].transform.k2: must be within [-1, 1]");
        expectError("[{\"type\": \"one-of\", \"transforms\": [{\"type\": \"hflip\"}], \"weights\": [1, 2]}]",
                "transforms[0].weights: must have one weight per transform (1), had 2");
        expectError("[{\"type\": \"random-apply\", \"transform\": {\"type\": \"hflip\"}}]", "transforms[0].p: required");
        expectError("[3]", "transforms[0]: must be an object with a \"type\"");
        expectError("{}", "transforms: must be an array of transforms");
    }

    @Test
    void documentErrorsNameTheField() {
        expectDocumentError("{\"inputSize\": 224, \"transforms\": []}", "version: required");
        expectDocumentError("{\"version\": 2, \"inputSize\": 224, \"transforms\": []}", "version: unsupported 2; this build reads version 1");
        expectDocumentError("{\"version\": 1, \"transforms\": []}", "inputSize: required");
        expectDocumentError("{\"version\": 1, \"inputSize\": 4, \"transforms\": []}", "inputSize: must be in [16, 4096], was 4");
        expectDocumentError("{\"version\": 1, \"inputSize\": 224}", "transforms: required");
        expectDocumentError("{\"version\": 1, \"inputSize\": 224, \"transforms\": [], \"seed\": 1}", "seed: unknown field");
        expectDocumentError("{\"version\": 1, \"version\": 1, \"inputSize\": 224, \"transforms\": []}", "not valid JSON: Duplicate");
        expectDocumentError("{\"version\": 1,", "not valid JSON");
        expectDocumentError("[]", "must be a JSON object");
    }

    private static void expectError(String transforms, String message) {
        String json = "{\"version\": 1, \"inputSize\": 224, \"transforms\": " + transforms + "}";
        expectDocumentError(json, message);
    }

    private static AbstractThrowableAssert<?, ?> expectDocumentError(String json, String message) {
        return assertThatThrownBy(() -> AugmentationPolicy.fromJson(json)).as(json)
                .isInstanceOf(InvalidFieldException.class).hasMessageStartingWith(message);
    }
}
