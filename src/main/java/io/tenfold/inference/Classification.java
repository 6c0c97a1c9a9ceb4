package io.tenfold.inference;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The merged prediction for one image: the top classes, how many views were merged and by which
 * rule, the fraction of views whose top class is the merged top class, the time spent, and with
 * {@code perView} each view's own top class.
 */
public record Classification(String modelId, List<Prediction> predictions, int views, String tta, Timings timings,
        String merge, double agreement, @JsonInclude(JsonInclude.Include.NON_NULL) List<ViewPrediction> perView) {

    /** The same classification, its total time replaced (by the whole call's, when that is what a caller waited). */
    public Classification withTotalMs(double totalMs) {
        return new Classification(modelId, predictions, views, tta, new Timings(timings.decodeMs(),
                timings.preprocessMs(), timings.queueMs(), timings.forwardMs(), totalMs), merge, agreement, perView);
    }

    public record Prediction(String label, double probability) {
    }

    /**
     * Milliseconds spent in each stage of the request: {@code queueMs} waiting for the network
     * (behind other requests' passes, or for others to share its pass), {@code forwardMs} in the
     * passes that carried its views (the whole pass, even when shared).
     */
    public record Timings(double decodeMs, double preprocessMs, double queueMs, double forwardMs, double totalMs) {
    }

    /** One view's most probable class; {@code view} says which crop or window it was. */
    public record ViewPrediction(String view, String label, double probability) {
    }
}
