package io.tenfold.jobs;

/** What a fine-tuning job was asked to do, with every default filled in. */
public record JobSpec(String datasetId, String baseModel, String strategy, int epochs, int batchSize,
        double learningRate, long seed, double validationFraction) {
}
