package io.tenfold.image;

import io.tenfold.image.ImageRejectedException.Reason;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes untrusted image bytes into 8-bit RGB. The declared width and height are read from the
 * header and checked against the pixel limit before any pixel buffer is allocated.
 */
public final class ImageDecoder {

    private final ImageLimits limits;

    public ImageDecoder(ImageLimits limits) {
        this.limits = limits;
    }

    public BufferedImage decode(byte[] bytes) {
        if (bytes.length > limits.maxBytes()) {
            throw new ImageRejectedException(Reason.TOO_LARGE,
                    "image is %d bytes; the limit is %d".formatted(bytes.length, limits.maxBytes()));
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new ImageRejectedException(Reason.UNSUPPORTED,
                        "not an image in a supported format (JPEG, PNG, BMP, GIF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width <= 0 || height <= 0) {
                    throw new ImageRejectedException(Reason.UNDECODABLE, "image declares no pixels");
                }
                if (width * height > limits.maxPixels()) {
                    throw new ImageRejectedException(Reason.TOO_LARGE,
                            "image is %dx%d pixels; the limit is %d pixels".formatted(width, height, limits.maxPixels()));
                }
                return toRgb(reader.read(0));
            } finally {
                reader.dispose();
            }
        } catch (ImageRejectedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ImageRejectedException(Reason.UNDECODABLE, "image data is broken or truncated: " + e.getMessage(), e);
        }
    }

    /** Grayscale, palette and alpha images become opaque 8-bit RGB. */
    static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.drawImage(image, 0, 0, java.awt.Color.WHITE, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }
}
