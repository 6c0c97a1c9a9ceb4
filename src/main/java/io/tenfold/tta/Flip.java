package io.tenfold.tta;

import io.tenfold.image.Preprocessing;
import io.tenfold.image.View;
import java.util.List;

/** Two views: the centre crop and its mirror. */
public record Flip() implements ViewPolicy {

    @Override
    public String name() {
        return "flip";
    }

    @Override
    public int viewCount() {
        return 2;
    }

    @Override
    public List<View> plan(int width, int height, Preprocessing preprocessing) {
        return View.withMirrors(List.of(preprocessing.evaluationView(width, height)));
    }
}
