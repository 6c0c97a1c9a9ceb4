package io.tenfold.jobs;

import io.tenfold.training.EpochMetrics;
import java.time.Instant;
import java.util.List;

/**
 * A fine-tuning job as stored. {@code queuePosition} is 1 for the next job to be claimed and null
 * unless the job is QUEUED.
 */
public record Job(String id, JobSpec spec, JobState state, Integer queuePosition, int attempt, int maxAttempts,
        Progress progress, List<EpochMetrics> metrics, Integer resumedFromEpoch, String modelId, String error,
        boolean cancelRequested, String worker, Instant createdAt, Instant startedAt, Instant finishedAt) {

    /** Where a running job is: its phase, epoch, share of the run done, and live throughput. */
    public record Progress(String phase, int epoch, int epochs, double fraction, Double loss,
            Double imagesPerSecond) {
    }
}
