package io.tenfold.image;

import java.awt.image.BufferedImage;

/**
 * Stateless colour kernels on 8-bit RGB images, torchvision's definitions: brightness scales every
 * channel, contrast blends with the image's mean grey, saturation blends each pixel with its own
 * grey (luma 0.299 R + 0.587 G + 0.114 B). Results are rounded and clamped to [0, 255]. A kernel
 * never modifies its input; it returns the input itself when the operation is an identity
 * (factor 1, offset 0).
 */
public final class ColorOps {

    private static final float LUMA_R = 0.299f;
    private static final float LUMA_G = 0.587f;
    private static final float LUMA_B = 0.114f;

    private ColorOps() {
    }

    /** Each channel times {@code factor} (0 gives black). */
    public static BufferedImage adjustBrightness(BufferedImage image, double factor) {
        checkFactor(factor);
        if (factor == 1) {
            return Pixels.dense(image);
        }
        int[] lut = new int[256];
        for (int v = 0; v < 256; v++) {
            lut[v] = Pixels.clampRound((float) (v * factor));
        }
        return lookup(image, lut, lut, lut);
    }

    /** {@code factor * v + (1 - factor) * mean grey} (0 gives a flat grey image). */
    public static BufferedImage adjustContrast(BufferedImage image, double factor) {
        checkFactor(factor);
        if (factor == 1) {
            return Pixels.dense(image);
        }
        double mean = meanLuma(image);
        int[] lut = new int[256];
        for (int v = 0; v < 256; v++) {
            lut[v] = Pixels.clampRound((float) (factor * v + (1 - factor) * mean));
        }
        return lookup(image, lut, lut, lut);
    }

    /** {@code factor * v + (1 - factor) * grey of the pixel} (0 gives greyscale). */
    public static BufferedImage adjustSaturation(BufferedImage image, double factor) {
        checkFactor(factor);
        if (factor == 1) {
            return Pixels.dense(image);
        }
        BufferedImage src = Pixels.dense(image);
        int[] in = Pixels.data(src);
        BufferedImage out = Pixels.create(src.getWidth(), src.getHeight());
        int[] o = Pixels.data(out);
        float f = (float) factor;
        float g1 = 1 - f;
        for (int i = 0; i < in.length; i++) {
            int p = in[i];
            int r = (p >> 16) & 0xFF;
            int g = (p >> 8) & 0xFF;
            int b = p & 0xFF;
            float grey = g1 * (LUMA_R * r + LUMA_G * g + LUMA_B * b);
            o[i] = Pixels.clampRound(f * r + grey) << 16 | Pixels.clampRound(f * g + grey) << 8 | Pixels.clampRound(f * b + grey);
        }
        return out;
    }

    /** Adds an offset per channel, in [0, 1] units (1 = 255 levels), then clamps. */
    public static BufferedImage addRgb(BufferedImage image, double red, double green, double blue) {
        if (!(Double.isFinite(red) && Double.isFinite(green) && Double.isFinite(blue))) {
            throw new IllegalArgumentException("offsets must be finite");
        }
        if (red == 0 && green == 0 && blue == 0) {
            return Pixels.dense(image);
        }
        return lookup(image, offsetLut(red), offsetLut(green), offsetLut(blue));
    }

    /** Mean of the luma over all pixels, in [0, 255]. */
    public static double meanLuma(BufferedImage image) {
        BufferedImage src = Pixels.dense(image);
        long r = 0;
        long g = 0;
        long b = 0;
        for (int p : Pixels.data(src)) {
            r += (p >> 16) & 0xFF;
            g += (p >> 8) & 0xFF;
            b += p & 0xFF;
        }
        double n = (double) src.getWidth() * src.getHeight();
        return (LUMA_R * r + LUMA_G * g + LUMA_B * b) / n;
    }

    private static int[] offsetLut(double offset) {
        int[] lut = new int[256];
        float add = (float) (offset * 255);
        for (int v = 0; v < 256; v++) {
            lut[v] = Pixels.clampRound(v + add);
        }
        return lut;
    }

    private static BufferedImage lookup(BufferedImage image, int[] red, int[] green, int[] blue) {
        BufferedImage src = Pixels.dense(image);
        int[] in = Pixels.data(src);
        BufferedImage out = Pixels.create(src.getWidth(), src.getHeight());
        int[] o = Pixels.data(out);
        for (int i = 0; i < in.length; i++) {
            int p = in[i];
            o[i] = red[(p >> 16) & 0xFF] << 16 | green[(p >> 8) & 0xFF] << 8 | blue[p & 0xFF];
        }
        return out;
    }

    private static void checkFactor(double factor) {
        if (!(factor >= 0 && Double.isFinite(factor))) {
            throw new IllegalArgumentException("factor must be finite and >= 0, was " + factor);
        }
    }
}
