package io.tenfold.training;

/**
 * How a graph is trained. {@code patience}: stop after that many epochs without a lower validation
 * loss (0: never stop early). The kept parameters are those of the epoch with the lowest
 * validation loss (the last epoch's when there is no validation set).
 */
public record TrainingOptions(int epochs, int batchSize, long seed, int patience, Augmentation augmentation,
        LoaderOptions loader) {

    public TrainingOptions {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must not be negative");
        }
        if (augmentation == null || loader == null) {
            throw new IllegalArgumentException("augmentation and loader are required");
        }
    }

    /** No augmentation, no early stopping, default loader. */
    public static TrainingOptions of(int epochs, int batchSize, long seed) {
        return new TrainingOptions(epochs, batchSize, seed, 0, Augmentation.none(), LoaderOptions.DEFAULT);
    }

    public TrainingOptions withPatience(int patience) {
        return new TrainingOptions(epochs, batchSize, seed, patience, augmentation, loader);
    }

    public TrainingOptions withAugmentation(Augmentation augmentation) {
        return new TrainingOptions(epochs, batchSize, seed, patience, augmentation, loader);
    }

    public TrainingOptions withLoader(LoaderOptions loader) {
        return new TrainingOptions(epochs, batchSize, seed, patience, augmentation, loader);
    }
}
