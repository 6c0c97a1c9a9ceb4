package io.tenfold.tta;

import io.tenfold.image.ImageOps;
import io.tenfold.image.Preprocessing;
import java.awt.image.BufferedImage;
import java.util.List;

/** One view: resize the short side, take the centre crop. */
public final class CenterCrop implements TtaPolicy {

    @Override
    public String name() {
        return "center";
    }

    @Override
    public List<BufferedImage> views(BufferedImage image, Preprocessing preprocessing) {
        BufferedImage resized = ImageOps.resizeShortSide(image, preprocessing.resizeSize());
        return List.of(ImageOps.centerCrop(resized, preprocessing.inputSize(), preprocessing.inputSize()));
    }
}
