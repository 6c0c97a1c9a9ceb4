package io.tenfold.image;

import java.awt.image.BufferedImage;

/** Stateless geometric kernels on RGB images. */
public final class ImageOps {

    private ImageOps() {
    }

    /** Scales so that the shorter side becomes {@code size}, keeping the aspect ratio. */
    public static BufferedImage resizeShortSide(BufferedImage image, int size) {
        int[] resized = shortSideSize(image.getWidth(), image.getHeight(), size);
        return resize(image, resized[0], resized[1]);
    }

    /** The {width, height} that {@link #resizeShortSide} gives a {@code width} x {@code height} image. */
    public static int[] shortSideSize(int width, int height, int size) {
        int newW = width <= height ? size : Math.max(1, Math.round((float) width * size / height));
        int newH = width <= height ? Math.max(1, Math.round((float) height * size / width)) : size;
        return new int[] {newW, newH};
    }

    /** The whole image scaled to {@code width x height}, antialiased ({@link Warp#resizedCrop}); the image itself if it has that size. */
    public static BufferedImage resize(BufferedImage image, int width, int height) {
        if (image.getWidth() == width && image.getHeight() == height) {
            return image;
        }
        return Warp.resizedCrop(image, 0, 0, image.getWidth(), image.getHeight(), width, height);
    }

    public static BufferedImage centerCrop(BufferedImage image, int width, int height) {
        return Warp.crop(image, (image.getWidth() - width) / 2, (image.getHeight() - height) / 2, width, height);
    }

    /**
     * Turns an image stored with EXIF orientation {@code orientation} (1 to 8, see
     * {@link ExifOrientation}) upright; orientations 5 to 8 swap width and height.
     */
    public static BufferedImage orient(BufferedImage image, int orientation) {
        if (orientation < 1 || orientation > 8) {
            throw new IllegalArgumentException("EXIF orientation must be 1 to 8, not " + orientation);
        }
        if (orientation == 1) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int[] src = image.getRGB(0, 0, w, h, null, 0, w);
        boolean swap = orientation >= 5;
        int outW = swap ? h : w;
        int outH = swap ? w : h;
        int[] dst = new int[src.length];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                // (sx, sy): the stored pixel shown at (x, y)
                int sx;
                int sy;
                switch (orientation) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = w - 1 - y; sy = x; }
                }
                dst[y * outW + x] = src[sy * w + sx];
            }
        }
        BufferedImage out = new BufferedImage(outW, outH, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, outW, outH, dst, 0, outW);
        return out;
    }
}
