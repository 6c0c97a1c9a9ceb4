package io.tenfold.training;

import java.awt.image.BufferedImage;
import java.io.IOException;

/** One labelled training image, decoded only when it is needed. */
public record Example(int label, ImageLoader image) {

    @FunctionalInterface
    public interface ImageLoader {
        BufferedImage load() throws IOException;
    }
}
