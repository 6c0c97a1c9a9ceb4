package io.tenfold.tta;

import io.tenfold.image.Preprocessing;
import io.tenfold.image.View;
import io.tenfold.validation.InvalidFieldException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Ten-crop at each of several short-side scales: ten views per scale, scale after scale, each
 * scale in ten-crop's order. By default ResNet's scales (224, 256, 384, 480 and 640 for a 224
 * input, proportional for other input sizes); or fixed scales in pixels. Every scale must lie
 * between the model's input size and {@value #MAX_SCALE_FACTOR} times it.
 */
public record MultiScale(Scales scales) implements ViewPolicy {

    public static final List<Integer> RESNET_SCALES = List.of(224, 256, 384, 480, 640);
    public static final int RESNET_INPUT_SIZE = 224;
    /** At most this many scales, so that one image's views (ten per scale) fit one forward pass. */
    public static final int MAX_SCALES = 6;
    public static final int MAX_SCALE_FACTOR = 4;

    /** Which short sides to resize to, for a model of a given input size. */
    public sealed interface Scales permits Proportional, Fixed {

        List<Integer> forInputSize(int inputSize);

        int count();
    }

    /** Scales given for an input of {@code referenceInputSize}, rescaled in proportion (rounded). */
    public record Proportional(List<Integer> reference, int referenceInputSize) implements Scales {

        public Proportional {
            reference = checked(reference);
            if (referenceInputSize <= 0) {
                throw new InvalidFieldException("scales", "the reference input size must be positive");
            }
        }

        @Override
        public List<Integer> forInputSize(int inputSize) {
            return reference.stream().map(s -> (int) Math.round((double) s * inputSize / referenceInputSize)).toList();
        }

        @Override
        public int count() {
            return reference.size();
        }
    }

    /** Scales in pixels, whatever the model. */
    public record Fixed(List<Integer> pixels) implements Scales {

        public Fixed {
            pixels = checked(pixels);
        }

        @Override
        public List<Integer> forInputSize(int inputSize) {
            return pixels;
        }

        @Override
        public int count() {
            return pixels.size();
        }
    }

    public MultiScale {
        Objects.requireNonNull(scales, "scales");
    }

    /** ResNet's five scales, proportional to the model's input size. */
    public static MultiScale resnet() {
        return new MultiScale(new Proportional(RESNET_SCALES, RESNET_INPUT_SIZE));
    }

    public static MultiScale fixed(List<Integer> pixels) {
        return new MultiScale(new Fixed(pixels));
    }

    @Override
    public String name() {
        return "multi-scale";
    }

    @Override
    public int viewCount() {
        return 10 * scales.count();
    }

    @Override
    public void checkFor(Preprocessing preprocessing) {
        scalesFor(preprocessing.inputSize());
    }

    /** The scales in pixels for a model of this input size, checked against it. */
    public List<Integer> scalesFor(int inputSize) {
        List<Integer> pixels = scales.forInputSize(inputSize);
        for (int scale : pixels) {
            if (scale < inputSize || scale > MAX_SCALE_FACTOR * inputSize) {
                throw new InvalidFieldException("scales", ("scale %d is outside %d..%d: each scale must be at least "
                        + "the model's input size %d and at most %d times it").formatted(scale, inputSize,
                        MAX_SCALE_FACTOR * inputSize, inputSize, MAX_SCALE_FACTOR));
            }
        }
        return pixels;
    }

    @Override
    public List<View> plan(int width, int height, Preprocessing preprocessing) {
        List<View> views = new ArrayList<>(viewCount());
        for (int scale : scalesFor(preprocessing.inputSize())) {
            views.addAll(View.withMirrors(View.fiveCrops(width, height, scale, preprocessing.inputSize())));
        }
        return List.copyOf(views);
    }

    private static List<Integer> checked(List<Integer> scales) {
        if (scales == null || scales.isEmpty()) {
            throw new InvalidFieldException("scales", "give at least one scale");
        }
        if (scales.size() > MAX_SCALES) {
            throw new InvalidFieldException("scales", "at most %d scales, not %d".formatted(MAX_SCALES, scales.size()));
        }
        if (scales.stream().anyMatch(s -> s == null || s <= 0)) {
            throw new InvalidFieldException("scales", "scales must be positive numbers of pixels");
        }
        if (new HashSet<>(scales).size() != scales.size()) {
            throw new InvalidFieldException("scales", "scales must differ: " + scales);
        }
        return List.copyOf(scales);
    }
}
