package io.tenfold.inference;

import java.util.List;

/** The merged prediction for one image. */
public record Classification(String modelId, List<Prediction> predictions, int views, String tta, Timings timings) {

    public record Prediction(String label, double probability) {
    }

    /** Milliseconds spent in each stage of the request. */
    public record Timings(double decodeMs, double preprocessMs, double forwardMs, double totalMs) {
    }
}
