package io.tenfold.augment;

import io.tenfold.augment.geometric.LensDistortion;
import io.tenfold.augment.geometric.RandomAffine;
import io.tenfold.augment.geometric.RandomHorizontalFlip;
import io.tenfold.augment.geometric.RandomScaleCrop;
import io.tenfold.augment.pixel.ColorJitter;
import io.tenfold.augment.pixel.PcaColor;
import io.tenfold.validation.Echo;
import io.tenfold.validation.InvalidFieldException;
import java.util.List;

/**
 * Named presets, for an input size (crop scales are proportional to it):
 * <ul>
 * <li>{@code none}: no augmentation, the evaluation view (short side to size * 256 / 224, centre crop);</li>
 * <li>{@code light}: flip, scale-crop over [256, 320] (at 224), colour jitter 0.2;</li>
 * <li>{@code default}: flip, scale-crop over [256, 480], colour jitter 0.4, PCA colour sigma 0.1;</li>
 * <li>{@code heavy}: {@code default} plus affine (10 degrees, 10% shift, scale [0.9, 1.1], shear 5)
 * and, with p = 0.3, lens distortion (k1 in [-0.2, 0.2], k2 in [-0.05, 0.05]).</li>
 * </ul>
 */
public final class AugmentationPolicies {

    public static final List<String> NAMES = List.of("none", "light", "default", "heavy");

    private AugmentationPolicies() {
    }

    /** The preset of that name; an unknown name is an {@link InvalidFieldException} listing the known ones. */
    public static AugmentationPolicy named(String name, int inputSize) {
        return switch (name) {
            case "none" -> none(inputSize);
            case "light" -> light(inputSize);
            case "default" -> standard(inputSize);
            case "heavy" -> heavy(inputSize);
            default -> throw new InvalidFieldException("policy",
                    "unknown '" + Echo.of(name) + "'; known: " + String.join(", ", NAMES));
        };
    }

    /**
     * A preset by name, or a policy document (text starting with <code>{</code>) as
     * {@link AugmentationPolicy#fromJson} reads it: the one parser behind every API that takes a
     * policy. Problems are {@link InvalidFieldException}s whose field is relative to the
     * value (empty for an unknown preset name).
     */
    public static AugmentationPolicy parse(String presetOrDocument, int inputSize) {
        return parse("", presetOrDocument, inputSize);
    }

    /** {@link #parse(String, int)} of the value of field {@code field}: problems name fields under it. */
    public static AugmentationPolicy parse(String field, String presetOrDocument, int inputSize) {
        try {
            return parseValue(presetOrDocument, inputSize);
        } catch (InvalidFieldException e) {
            throw e.within(field);
        }
    }

    private static AugmentationPolicy parseValue(String presetOrDocument, int inputSize) {
        if (presetOrDocument.trim().startsWith("{")) {
            return AugmentationPolicy.fromJson(presetOrDocument);
        }
        if (!NAMES.contains(presetOrDocument)) {
            throw new InvalidFieldException("", "unknown preset '" + Echo.of(presetOrDocument) + "'; known: "
                    + String.join(", ", NAMES) + ", or a policy document");
        }
        return named(presetOrDocument, inputSize);
    }

    public static AugmentationPolicy none(int inputSize) {
        return AugmentationPolicy.of(inputSize);
    }

    public static AugmentationPolicy light(int inputSize) {
        return AugmentationPolicy.of(inputSize,
                new RandomHorizontalFlip(0.5),
                new RandomScaleCrop(inputSize, RandomScaleCrop.defaultMin(inputSize), (int) Math.round(inputSize * 320.0 / 224.0)),
                new ColorJitter(0.2, 0.2, 0.2));
    }

    /** The training default: flip, ResNet scale augmentation, colour jitter and AlexNet's PCA colour noise. */
    public static AugmentationPolicy standard(int inputSize) {
        return AugmentationPolicy.of(inputSize,
                new RandomHorizontalFlip(0.5),
                RandomScaleCrop.resnet(inputSize),
                new ColorJitter(0.4, 0.4, 0.4),
                new PcaColor(PcaColor.DEFAULT_SIGMA));
    }

    public static AugmentationPolicy heavy(int inputSize) {
        return AugmentationPolicy.of(inputSize,
                new RandomHorizontalFlip(0.5),
                RandomScaleCrop.resnet(inputSize),
                RandomAffine.builder().optDegrees(10).optTranslate(0.1).optScale(Range.of(0.9, 1.1)).optShear(5).build(),
                new RandomApply<>(0.3, new LensDistortion(Range.symmetric(0.2), Range.symmetric(0.05))),
                new ColorJitter(0.4, 0.4, 0.4),
                new PcaColor(PcaColor.DEFAULT_SIGMA));
    }
}
