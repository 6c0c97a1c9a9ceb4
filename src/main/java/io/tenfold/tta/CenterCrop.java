package io.tenfold.tta;

import io.tenfold.image.Preprocessing;
import io.tenfold.image.View;
import java.util.List;

/** One view, the model's {@linkplain Preprocessing#evaluationView evaluation view}: the short side resized, the centre crop. */
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
        return List.of(preprocessing.evaluationView(width, height));
    }
}
