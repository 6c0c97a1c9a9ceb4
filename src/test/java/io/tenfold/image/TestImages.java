package io.tenfold.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Small images for tests. */
public final class TestImages {

    private TestImages() {
    }

    /** Red = x, green = y, blue = 7: every pixel encodes its own coordinates (up to 255). */
    public static BufferedImage coordinates(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] data = data(image);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                data[y * width + x] = x << 16 | y << 8 | 7;
            }
        }
        return image;
    }

    /** Smooth colour gradients with a little seeded noise: something like a photo. */
    public static BufferedImage photo(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] data = data(image);
        SplittableRandom rng = new SplittableRandom(seed);
        double phase = rng.nextDouble() * 6;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (int) (127 + 100 * Math.sin(phase + x * 0.05) + rng.nextInt(-10, 11));
                int g = (int) (127 + 100 * Math.cos(phase + y * 0.07) + rng.nextInt(-10, 11));
                int b = (int) (127 + 60 * Math.sin(phase + (x + y) * 0.03) + rng.nextInt(-10, 11));
                data[y * width + x] = clamp(r) << 16 | clamp(g) << 8 | clamp(b);
            }
        }
        return image;
    }

    public static BufferedImage filled(int width, int height, int rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Arrays.fill(data(image), rgb);
        return image;
    }

    /** The pixels as 0xRRGGBB, row-major. */
    public static int[] pixels(BufferedImage image) {
        int[] out = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        for (int i = 0; i < out.length; i++) {
            out[i] &= 0xFFFFFF;
        }
        return out;
    }

    public static int red(BufferedImage image, int x, int y) {
        return (image.getRGB(x, y) >> 16) & 0xFF;
    }

    public static int green(BufferedImage image, int x, int y) {
        return (image.getRGB(x, y) >> 8) & 0xFF;
    }

    public static int blue(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xFF;
    }

    private static int[] data(BufferedImage image) {
        return ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
