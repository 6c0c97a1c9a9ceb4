package io.tenfold.tta;

import io.tenfold.image.Preprocessing;
import java.util.List;

/** One view: resize the short side to the model's resize size, take the centre crop. */
public record CenterCrop() implements ViewPolicy {

    @Override
    public String name() {
        return "center";
    }

    @Override
    public int viewCount() {
        return 1;
    }

    @Override
    public List<View> plan(int width, int height, Preprocessing preprocessing) {
        return List.of(View.center(width, height, preprocessing.resizeSize(), preprocessing.inputSize()));
    }
}
