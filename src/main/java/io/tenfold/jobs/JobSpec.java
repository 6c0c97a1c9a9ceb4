package io.tenfold.jobs;

/** What a fine-tuning job was asked to do, with every default filled in. */
public record JobSpec(String datasetId, String modelName, String baseModel, String strategy, int epochs,
        int batchSize, double learningRate, long seed, double validationFraction) {

    /** The same spec under another model name. */
    public JobSpec withModelName(String name) {
        return new JobSpec(datasetId, name, baseModel, strategy, epochs, batchSize, learningRate, seed,
                validationFraction);
    }
}
