package io.tenfold.augment;

import io.tenfold.image.Warp;
import io.tenfold.validation.InvalidFieldException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Renders augmented samples as one grid image, for looking at what a policy does. Cell k shows
 * image {@code k mod images.size()} augmented with the generator of sample (seed, 0, k), scaled to
 * {@code cellSize}; cells fill rows of {@code ceil(sqrt(n))} with a grey gap between them. The same
 * arguments give the same PNG bytes.
 */
public record AugmentationPreview(AugmentationPolicy policy, long seed, int cellSize) {

    public static final int MAX_SAMPLES = 256;
    public static final int MAX_CELL_SIZE = 512;
    /** Policies are previewed at their own input size, at most this: a preview is for looking, not training. */
    public static final int MAX_INPUT_SIZE = 1024;
    private static final int GAP = 2;
    private static final int BACKGROUND = 0x808080;

    public AugmentationPreview {
        Checks.notNull("policy", policy);
        if (policy.inputSize() > MAX_INPUT_SIZE) {
            throw new InvalidFieldException("inputSize", "must be at most %d for a preview, was %d"
                    .formatted(MAX_INPUT_SIZE, policy.inputSize()));
        }
        if (cellSize < 8 || cellSize > MAX_CELL_SIZE) {
            throw new InvalidFieldException("cellSize", "must be in [8, %d], was %d".formatted(MAX_CELL_SIZE, cellSize));
        }
    }

    /** Cells at the policy's input size. */
    public AugmentationPreview(AugmentationPolicy policy, long seed) {
        this(policy, seed, Math.min(policy.inputSize(), MAX_CELL_SIZE));
    }

    public BufferedImage render(List<BufferedImage> images, int n) {
        if (images == null || images.isEmpty()) {
            throw new InvalidFieldException("images", "need at least one image");
        }
        if (n < 1 || n > MAX_SAMPLES) {
            throw new InvalidFieldException("n", "must be in [1, %d], was %d".formatted(MAX_SAMPLES, n));
        }
        int columns = (int) Math.ceil(Math.sqrt(n));
        int rows = (n + columns - 1) / columns;
        int width = columns * cellSize + (columns + 1) * GAP;
        int height = rows * cellSize + (rows + 1) * GAP;
        BufferedImage grid = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] out = ((DataBufferInt) grid.getRaster().getDataBuffer()).getData();
        Arrays.fill(out, BACKGROUND);
        for (int k = 0; k < n; k++) {
            BufferedImage sample = policy.augment(images.get(k % images.size()), seed, 0, k);
            if (sample.getWidth() != cellSize || sample.getHeight() != cellSize) {
                sample = Warp.resizedCrop(sample, 0, 0, sample.getWidth(), sample.getHeight(), cellSize, cellSize);
            }
            int[] cell = ((DataBufferInt) Warp.crop(sample, 0, 0, cellSize, cellSize).getRaster().getDataBuffer()).getData();
            int x0 = GAP + (k % columns) * (cellSize + GAP);
            int y0 = GAP + (k / columns) * (cellSize + GAP);
            for (int y = 0; y < cellSize; y++) {
                System.arraycopy(cell, y * cellSize, out, (y0 + y) * width + x0, cellSize);
            }
        }
        return grid;
    }

    public byte[] renderPng(List<BufferedImage> images, int n) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(render(images, n), "png", bytes)) {
                throw new IllegalStateException("no PNG writer installed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
