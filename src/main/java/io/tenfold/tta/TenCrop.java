package io.tenfold.tta;

import io.tenfold.image.Preprocessing;
import io.tenfold.image.View;
import java.util.List;

/**
 * Ten views as in AlexNet: the four corner crops and the centre crop of the resized image, then
 * the horizontal mirror of each, in that order.
 */
public record TenCrop() implements ViewPolicy {

    @Override
    public String name() {
        return "ten-crop";
    }

    @Override
    public int viewCount() {
        return 10;
    }

    @Override
    public List<View> plan(int width, int height, Preprocessing preprocessing) {
        return View.withMirrors(View.fiveCrops(width, height, preprocessing.resizeSize(), preprocessing.inputSize()));
    }
}
