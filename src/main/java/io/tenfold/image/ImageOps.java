package io.tenfold.image;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Stateless geometric kernels on RGB images. */
public final class ImageOps {

    private ImageOps() {
    }

    /** Scales so that the shorter side becomes {@code size}, keeping the aspect ratio. */
    public static BufferedImage resizeShortSide(BufferedImage image, int size) {
        int w = image.getWidth();
        int h = image.getHeight();
        int newW = w <= h ? size : Math.max(1, Math.round((float) w * size / h));
        int newH = w <= h ? Math.max(1, Math.round((float) h * size / w)) : size;
        return resize(image, newW, newH);
    }

    public static BufferedImage resize(BufferedImage image, int width, int height) {
        if (image.getWidth() == width && image.getHeight() == height) {
            return image;
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    public static BufferedImage crop(BufferedImage image, int x, int y, int width, int height) {
        if (x < 0 || y < 0 || x + width > image.getWidth() || y + height > image.getHeight()) {
            throw new IllegalArgumentException("crop %d,%d %dx%d outside %dx%d image"
                    .formatted(x, y, width, height, image.getWidth(), image.getHeight()));
        }
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, width, height, image.getRGB(x, y, width, height, null, 0, width), 0, width);
        return out;
    }

    public static BufferedImage centerCrop(BufferedImage image, int width, int height) {
        return crop(image, (image.getWidth() - width) / 2, (image.getHeight() - height) / 2, width, height);
    }

    public static BufferedImage flipHorizontal(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] row = new int[w];
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int i = 0, j = w - 1; i < j; i++, j--) {
                int t = row[i];
                row[i] = row[j];
                row[j] = t;
            }
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
    }
}
