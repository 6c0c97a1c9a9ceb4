package io.tenfold.image;

import java.awt.image.BufferedImage;

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

    /**
     * The evaluation view: the short side resized to {@code resizeSize}, the centre
     * {@code inputSize} square. Validation, training without augmentation and the {@code center}
     * TTA policy all see an image through this one view.
     */
    public View evaluationView(int width, int height) {
        return View.center(width, height, resizeSize, inputSize);
    }

    /** The pixels of the {@linkplain #evaluationView(int, int) evaluation view} of an image. */
    public BufferedImage evaluationView(BufferedImage image) {
        return evaluationView(image.getWidth(), image.getHeight()).cut(image);
    }

    /**
     * The whole image for a fully convolutional pass: short side resized to {@code resizeSize}, the
     * long side centre-cropped to at most {@code maxAspect} times it. The crop is taken from the
     * source before resizing (the same pixels, by {@link Warp#resizedCrop}), so a panorama costs
     * only what its kept part does.
     */
    public BufferedImage denseView(BufferedImage image, int maxAspect) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] full = ImageOps.shortSideSize(w, h, resizeSize);
        int outW = Math.min(full[0], maxAspect * resizeSize);
        int outH = Math.min(full[1], maxAspect * resizeSize);
        double perPixelX = (double) w / full[0];
        double perPixelY = (double) h / full[1];
        double x = (full[0] - outW) / 2 * perPixelX;
        double y = (full[1] - outH) / 2 * perPixelY;
        return Warp.resizedCrop(image, x, y, outW * perPixelX, outH * perPixelY, outW, outH);
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
