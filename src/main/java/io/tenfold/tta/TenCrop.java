package io.tenfold.tta;

import io.tenfold.image.ImageOps;
import io.tenfold.image.Preprocessing;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Ten views as in AlexNet: the four corner crops and the centre crop of the resized image, then
 * the horizontal mirror of each, in that order.
 */
public final class TenCrop implements TtaPolicy {

    @Override
    public String name() {
        return "ten-crop";
    }

    @Override
    public List<BufferedImage> views(BufferedImage image, Preprocessing preprocessing) {
        BufferedImage resized = ImageOps.resizeShortSide(image, preprocessing.resizeSize());
        int size = preprocessing.inputSize();
        int right = resized.getWidth() - size;
        int bottom = resized.getHeight() - size;
        List<BufferedImage> crops = List.of(
                ImageOps.crop(resized, 0, 0, size, size),
                ImageOps.crop(resized, right, 0, size, size),
                ImageOps.crop(resized, 0, bottom, size, size),
                ImageOps.crop(resized, right, bottom, size, size),
                ImageOps.centerCrop(resized, size, size));
        List<BufferedImage> views = new ArrayList<>(crops);
        crops.forEach(crop -> views.add(ImageOps.flipHorizontal(crop)));
        return views;
    }
}
