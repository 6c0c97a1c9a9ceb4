package io.tenfold.tta;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Merges per-view class probabilities [views, classes] by their arithmetic mean. */
public final class MeanMerge {

    private MeanMerge() {
    }

    public static float[] merge(INDArray viewProbabilities) {
        if (viewProbabilities.rank() != 2 || viewProbabilities.size(0) == 0) {
            throw new IllegalArgumentException("expected [views, classes] probabilities");
        }
        return viewProbabilities.mean(0).toFloatVector();
    }
}
