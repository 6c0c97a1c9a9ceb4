package io.tenfold.models;

import io.tenfold.training.EpochMetrics;
import java.time.Instant;
import java.util.List;

/** A model a job produced: what it recognises, what it was made from, and how well it did. */
public record TrainedModel(String id, String jobId, String datasetId, String baseModel, String strategy,
        List<String> labels, List<EpochMetrics> metrics, Instant createdAt) {
}
