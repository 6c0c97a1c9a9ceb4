package io.tenfold.image;

/**
 * How a model wants its pixels: images are resized so the short side is {@code resizeSize}, cropped
 * to {@code inputSize} square, and each channel value v in [0, 1] becomes {@code (v - mean) / std}.
 * Stored with every model, so classification uses what training used.
 */
public record Preprocessing(int inputSize, int resizeSize, float[] mean, float[] std) {

    public Preprocessing {
        if (inputSize <= 0 || resizeSize < inputSize) {
            throw new IllegalArgumentException("need 0 < inputSize <= resizeSize");
        }
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("mean and std need one value per RGB channel");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std must be positive");
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** Inputs in [0, 1], resized by the usual 256/224 ratio before cropping. */
    public static Preprocessing unitRange(int inputSize) {
        return new Preprocessing(inputSize, Math.round(inputSize * 256f / 224f), new float[3], new float[] {1, 1, 1});
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }
}
