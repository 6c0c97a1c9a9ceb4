package io.tenfold.tta;

import io.tenfold.image.Preprocessing;
import io.tenfold.image.View;
import java.util.List;

/** Five views of the resized image: the four corner crops, then the centre crop. */
public record FiveCrop() implements ViewPolicy {

    @Override
    public String name() {
        return "five-crop";
    }

    @Override
    public int viewCount() {
        return 5;
    }

    @Override
    public List<View> plan(int width, int height, Preprocessing preprocessing) {
        return View.fiveCrops(width, height, preprocessing.resizeSize(), preprocessing.inputSize());
    }
}
