package io.tenfold.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;

/**
 * Direct access to the packed {@code int[]} of a TYPE_INT_RGB image, so kernels loop over an array
 * instead of calling {@code getRGB}/{@code setRGB} per pixel.
 */
final class Pixels {

    private Pixels() {
    }

    static BufferedImage create(int width, int height) {
        return new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    }

    /**
     * The image itself if it is a TYPE_INT_RGB image whose pixels are one dense array (row stride =
     * width, no offset: what {@link ImageDecoder} and every kernel here produce); otherwise an
     * equivalent copy that is (sub-images, other pixel types; alpha is composed on white as
     * {@link ImageDecoder} does).
     */
    static BufferedImage dense(BufferedImage image) {
        if (isDense(image)) {
            return image;
        }
        if (image.getType() != BufferedImage.TYPE_INT_RGB) {
            return dense(ImageDecoder.toRgb(image));
        }
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = create(w, h);
        int[] data = data(out);
        image.getRGB(0, 0, w, h, data, 0, w);
        for (int i = 0; i < data.length; i++) {
            data[i] &= 0xFFFFFF;
        }
        return out;
    }

    /** The backing array of a {@link #dense} image; index {@code y * width + x}, 0xRRGGBB. */
    static int[] data(BufferedImage denseImage) {
        return ((DataBufferInt) denseImage.getRaster().getDataBuffer()).getData();
    }

    private static boolean isDense(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_INT_RGB) {
            return false;
        }
        WritableRaster raster = image.getRaster();
        if (raster.getParent() != null || raster.getMinX() != 0 || raster.getMinY() != 0
                || raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0
                || !(raster.getDataBuffer() instanceof DataBufferInt buffer)
                || !(raster.getSampleModel() instanceof SinglePixelPackedSampleModel model)) {
            return false;
        }
        return buffer.getNumBanks() == 1 && buffer.getOffset() == 0
                && model.getScanlineStride() == image.getWidth()
                && buffer.getData().length == image.getWidth() * image.getHeight();
    }

    static int clamp(int v) {
        return v < 0 ? 0 : (v > 255 ? 255 : v);
    }

    /** Rounds half up and clamps to [0, 255]. */
    static int clampRound(float v) {
        if (!(v > 0)) {
            return 0;
        }
        return v >= 255f ? 255 : (int) (v + 0.5f);
    }
}
