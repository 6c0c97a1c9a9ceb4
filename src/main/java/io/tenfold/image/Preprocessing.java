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
        // In source pixels per output pixel, in doubles: a 40,000,000 x 1 panorama resized to a short
        // side of 256 would be ten billion pixels wide, past what an int holds.
        double scale = (double) Math.min(w, h) / resizeSize;
        double fullW = w / scale;
        double fullH = h / scale;
        int outW = (int) Math.min(Math.round(fullW), (long) maxAspect * resizeSize);
        int outH = (int) Math.min(Math.round(fullH), (long) maxAspect * resizeSize);
        double boxW = Math.min(w, outW * scale);
        double boxH = Math.min(h, outH * scale);
        return Warp.resizedCrop(image, (w - boxW) / 2, (h - boxH) / 2, boxW, boxH, outW, outH);
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
