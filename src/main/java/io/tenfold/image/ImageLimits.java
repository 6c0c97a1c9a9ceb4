package io.tenfold.image;

/** Upper bounds checked before an image is decoded. */
public record ImageLimits(long maxBytes, long maxPixels) {

    public static final ImageLimits DEFAULT = new ImageLimits(20L * 1024 * 1024, 40_000_000L);

    public ImageLimits {
        if (maxBytes <= 0 || maxPixels <= 0) {
            throw new IllegalArgumentException("image limits must be positive");
        }
    }
}
