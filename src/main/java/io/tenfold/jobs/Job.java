package io.tenfold.jobs;

import io.tenfold.training.EpochMetrics;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A fine-tuning job as stored. {@code queuePosition} is 1 for the next job to be claimed and null
 * unless the job is QUEUED.
 */
public record Job(String id, JobSpec spec, JobState state, Integer queuePosition, int attempt, int maxAttempts,
        Progress progress, List<EpochMetrics> metrics, Integer resumedFromEpoch, String modelId, String error,
        boolean cancelRequested, String worker, Instant createdAt, Instant startedAt, Instant finishedAt,
        StrategyDecision strategyDecision) {

    /** Where a running job is: its phase, epoch, share of the run done, and live throughput. */
    public record Progress(Phase phase, int epoch, int epochs, double fraction, Double loss,
            Double imagesPerSecond) {
    }

    /** What a running job is doing: just claimed, running its frozen part over the images, training epochs, storing the model. */
    public enum Phase {
        STARTING, FEATURIZING, TRAINING, SAVING
    }

    /**
     * The strategy a worker ran (for {@code auto}, the one it chose) in object form, why, and in
     * words what trained at which learning rate; null until a worker has planned the job.
     */
    public record StrategyDecision(JsonNode strategy, String reason, String plan) {
    }
}
