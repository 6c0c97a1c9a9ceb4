package io.tenfold.training;

import java.util.List;

/**
 * Activations of the frozen boundary, computed once: one or more views of the training set (epoch
 * e trains on view (e - 1) mod views) and the validation set's evaluation view (null without one).
 */
public record FeatureCache(List<Featurized> trainingViews, Featurized validation) {

    public FeatureCache {
        trainingViews = List.copyOf(trainingViews);
        if (trainingViews.isEmpty()) {
            throw new IllegalArgumentException("need at least one training view");
        }
    }

    public Featurized viewFor(int epoch) {
        return trainingViews.get((epoch - 1) % trainingViews.size());
    }

    public int trainingSize() {
        return trainingViews.get(0).size();
    }
}
