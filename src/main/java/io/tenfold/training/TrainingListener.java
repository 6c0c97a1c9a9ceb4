package io.tenfold.training;

/** Hears about a training run's progress, and may stop it between batches. */
public interface TrainingListener {

    /** Called after each optimisation step; {@code fraction} is the share of the whole run done. */
    default void onBatch(int epoch, double fraction) {
    }

    default void onEpoch(EpochMetrics metrics) {
    }

    default boolean stopRequested() {
        return false;
    }
}
