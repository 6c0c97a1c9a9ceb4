package io.tenfold.models;

import io.tenfold.training.EpochMetrics;
import java.time.Instant;
import java.util.List;

/**
 * A model a job produced: version {@code version} of {@code name}, what it recognises, what it
 * was made from, how well it did, and the aliases (such as {@code production}) pointing at it.
 * {@code unusable} says why it cannot be served (null while it can).
 */
public record TrainedModel(String id, String name, int version, List<String> aliases, String jobId,
        String datasetId, String baseModel, String strategy, List<String> labels, List<EpochMetrics> metrics,
        Instant createdAt, String unusable) {
}
