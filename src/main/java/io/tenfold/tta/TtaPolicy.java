package io.tenfold.tta;

import io.tenfold.image.Preprocessing;
import java.awt.image.BufferedImage;
import java.util.List;

/** A deterministic set of views of one image whose predictions are averaged. */
public interface TtaPolicy {

    /** The name used in the API, e.g. {@code ten-crop}. */
    String name();

    /** The views, each {@code inputSize} square, in a fixed order. */
    List<BufferedImage> views(BufferedImage image, Preprocessing preprocessing);
}
