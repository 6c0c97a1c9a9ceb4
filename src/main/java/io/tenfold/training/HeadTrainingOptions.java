package io.tenfold.training;

/** How the head of a frozen-backbone network is trained. */
public record HeadTrainingOptions(int epochs, int batchSize, long seed) {

    public HeadTrainingOptions {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
    }
}
