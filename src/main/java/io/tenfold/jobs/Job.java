package io.tenfold.jobs;

import io.tenfold.training.EpochMetrics;
import java.time.Instant;
import java.util.List;

public record Job(String id, JobSpec spec, JobState state, int epoch, double fraction, List<EpochMetrics> metrics,
        String modelId, String error, boolean cancelRequested, Instant createdAt, Instant startedAt,
        Instant finishedAt) {
}
