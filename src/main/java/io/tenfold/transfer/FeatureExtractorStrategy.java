package io.tenfold.transfer;

import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Freezes the whole backbone and puts a new softmax head, sized to the dataset's classes, on its
 * feature vertex: {@link TransferPlanner} with {@link TransferStrategy.FeatureExtractor}, kept for
 * callers that only need the graph. Returns a new graph; the base graph is not changed.
 */
public final class FeatureExtractorStrategy {

    public static final String NAME = TransferStrategy.FEATURE_EXTRACTOR;
    public static final String HEAD = TransferPlan.HEAD;

    private final TransferPlanner planner = new TransferPlanner();

    public ComputationGraph apply(ComputationGraph base, BaseModel model, int numClasses, HeadOptions options) {
        return planner.plan(base, model, numClasses, new TransferStrategy.FeatureExtractor(),
                new PlanOptions(options.learningRate(), options.seed())).graph();
    }

    /** The options of the new head's training. */
    public record HeadOptions(double learningRate, long seed) {

        public HeadOptions {
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("learningRate must be positive");
            }
        }
    }
}
