package io.tenfold.augment;

import java.awt.image.BufferedImage;

/** What a transform may know about its input when it samples: the size of the image it will get. */
public record ImageInfo(int width, int height) {

    public ImageInfo {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, was %dx%d".formatted(width, height));
        }
    }

    public static ImageInfo of(BufferedImage image) {
        return new ImageInfo(image.getWidth(), image.getHeight());
    }

    public static ImageInfo square(int size) {
        return new ImageInfo(size, size);
    }

    public boolean matches(BufferedImage image) {
        return image.getWidth() == width && image.getHeight() == height;
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
