package io.tenfold.training;

/** Hears about a training run's progress, and may stop it between batches. */
public interface TrainingListener {

    /**
     * The frozen backbone has processed {@code done} of {@code total} images; {@code dataWaitFraction}
     * is the share of the time so far spent decoding and preparing images rather than in the network.
     */
    default void onFeaturized(int done, int total, double imagesPerSecond, double dataWaitFraction) {
    }

    /** After each optimisation step; {@code fraction} is the share of all epochs done. */
    default void onBatch(int epoch, double fraction, double loss, double examplesPerSecond) {
    }

    /** After each epoch, with the state to checkpoint. */
    default void onEpoch(EpochMetrics metrics, TrainingCheckpoint checkpoint) {
    }

    /** Polled between batches; true stops training with {@link TrainingCancelledException}. */
    default boolean stopRequested() {
        return false;
    }
}
