package io.tenfold.image;

import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Stateless geometric kernels for augmentation on 8-bit RGB images (any {@link BufferedImage} is
 * accepted; TYPE_INT_RGB images as {@link ImageDecoder} makes them are used without a copy). A kernel
 * never modifies its input and returns a new TYPE_INT_RGB image, or the input itself when the
 * operation changes nothing. Coordinates are continuous: pixel (i, j) covers [i, i+1) x [j, j+1) and
 * its centre is (i + 0.5, j + 0.5), except in {@link RemapTable}s (centres at integers, as OpenCV).
 * Resizing is antialiased ({@link #resizedCrop}); affine maps, which scale little, use java.awt's
 * bilinear {@link AffineTransformOp}, and arbitrary maps the bilinear remap below.
 */
public final class Warp {

    private Warp() {
    }

    public static BufferedImage flipHorizontal(BufferedImage image) {
        BufferedImage src = Pixels.dense(image);
        int w = src.getWidth();
        int h = src.getHeight();
        int[] in = Pixels.data(src);
        BufferedImage out = Pixels.create(w, h);
        int[] o = Pixels.data(out);
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0, r = row + w - 1; x < w; x++, r--) {
                o[row + x] = in[r];
            }
        }
        return out;
    }

    /** The pixels of an integer box, copied exactly. */
    public static BufferedImage crop(BufferedImage image, int x, int y, int width, int height) {
        checkBox(image, x, y, width, height);
        BufferedImage src = Pixels.dense(image);
        int w = src.getWidth();
        int[] in = Pixels.data(src);
        BufferedImage out = Pixels.create(width, height);
        int[] o = Pixels.data(out);
        for (int row = 0; row < height; row++) {
            System.arraycopy(in, (y + row) * w + x, o, row * width, width);
        }
        return out;
    }

    /**
     * The box {@code [x, x+width) x [y, y+height)} of the image scaled to {@code outWidth x outHeight}:
     * the same pixels as resizing the whole image and cropping, computed only where they are needed.
     * Antialiased bilinear ({@link Resampling}): the one resampler behind every resize in Tenfold,
     * in training, augmentation and serving alike. An integer box of the output size is an exact copy.
     */
    public static BufferedImage resizedCrop(BufferedImage image, double x, double y, double width, double height,
            int outWidth, int outHeight) {
        if (outWidth <= 0 || outHeight <= 0) {
            throw new IllegalArgumentException("output size must be positive, was %dx%d".formatted(outWidth, outHeight));
        }
        double eps = 1e-9;
        if (!(width > 0 && height > 0 && x >= 0 && y >= 0
                && x + width <= image.getWidth() + eps && y + height <= image.getHeight() + eps)) {
            throw new IllegalArgumentException("box %.3f,%.3f %.3fx%.3f outside %dx%d image"
                    .formatted(x, y, width, height, image.getWidth(), image.getHeight()));
        }
        if (width == outWidth && height == outHeight && x == Math.rint(x) && y == Math.rint(y)) {
            return crop(image, (int) x, (int) y, outWidth, outHeight);
        }
        return Resampling.resizedCrop(Pixels.dense(image), x, y, width, height, outWidth, outHeight);
    }

    /**
     * The image moved by {@code forward} (source to destination coordinates), same size; destination
     * pixels whose centre maps outside the source get {@code fill} (0xRRGGBB).
     */
    public static BufferedImage affine(BufferedImage image, AffineTransform forward, int fill) {
        if (forward.isIdentity()) {
            return Pixels.dense(image);
        }
        return transformed(Pixels.dense(image), forward, image.getWidth(), image.getHeight(), fill);
    }

    /**
     * Output pixel i of the table's size reads the source at ({@code sourceX[i]}, {@code sourceY[i]})
     * (centres at integers), interpolating bilinearly between the four neighbours; within half a
     * pixel of the border the edge pixel is repeated, further out the pixel gets {@code fill}.
     */
    public static BufferedImage remap(BufferedImage image, RemapTable table, int fill) {
        BufferedImage src = Pixels.dense(image);
        int w = src.getWidth();
        int h = src.getHeight();
        int[] in = Pixels.data(src);
        int ow = table.width();
        int oh = table.height();
        float[] mx = table.sourceX;
        float[] my = table.sourceY;
        BufferedImage out = Pixels.create(ow, oh);
        int[] o = Pixels.data(out);
        float maxX = w - 0.5f;
        float maxY = h - 0.5f;
        int fillRgb = fill & 0xFFFFFF;
        for (int i = 0, n = ow * oh; i < n; i++) {
            float sx = mx[i];
            float sy = my[i];
            if (!(sx >= -0.5f && sx <= maxX && sy >= -0.5f && sy <= maxY)) {
                o[i] = fillRgb;
                continue;
            }
            int x0 = (int) Math.floor(sx);
            int y0 = (int) Math.floor(sy);
            float fx = sx - x0;
            float fy = sy - y0;
            int x1 = Math.min(x0 + 1, w - 1);
            int y1 = Math.min(y0 + 1, h - 1);
            x0 = Math.max(x0, 0);
            y0 = Math.max(y0, 0);
            int p00 = in[y0 * w + x0];
            int p01 = in[y0 * w + x1];
            int p10 = in[y1 * w + x0];
            int p11 = in[y1 * w + x1];
            float w00 = (1 - fx) * (1 - fy);
            float w01 = fx * (1 - fy);
            float w10 = (1 - fx) * fy;
            float w11 = fx * fy;
            int r = Pixels.clampRound(w00 * ((p00 >> 16) & 0xFF) + w01 * ((p01 >> 16) & 0xFF)
                    + w10 * ((p10 >> 16) & 0xFF) + w11 * ((p11 >> 16) & 0xFF));
            int g = Pixels.clampRound(w00 * ((p00 >> 8) & 0xFF) + w01 * ((p01 >> 8) & 0xFF)
                    + w10 * ((p10 >> 8) & 0xFF) + w11 * ((p11 >> 8) & 0xFF));
            int b = Pixels.clampRound(w00 * (p00 & 0xFF) + w01 * (p01 & 0xFF) + w10 * (p10 & 0xFF) + w11 * (p11 & 0xFF));
            o[i] = (r << 16) | (g << 8) | b;
        }
        return out;
    }

    private static BufferedImage transformed(BufferedImage src, AffineTransform forward, int width, int height, int fill) {
        BufferedImage out = Pixels.create(width, height);
        if ((fill & 0xFFFFFF) != 0) {
            Arrays.fill(Pixels.data(out), fill & 0xFFFFFF);
        }
        new AffineTransformOp(forward, AffineTransformOp.TYPE_BILINEAR).filter(src, out);
        return out;
    }

    private static void checkBox(BufferedImage image, int x, int y, int width, int height) {
        if (width <= 0 || height <= 0 || x < 0 || y < 0
                || (long) x + width > image.getWidth() || (long) y + height > image.getHeight()) {
            throw new IllegalArgumentException("box %d,%d %dx%d outside %dx%d image"
                    .formatted(x, y, width, height, image.getWidth(), image.getHeight()));
        }
    }
}
