package io.tenfold.training;

/**
 * Tracks the epoch with the lowest validation loss and stops after {@code patience} epochs without
 * a lower one (patience 0: never stops). Epochs without a validation loss change nothing.
 */
final class EarlyStopping {

    private final int patience;
    private int bestEpoch;
    private double bestLoss = Double.POSITIVE_INFINITY;
    private int epochsWithoutImprovement;

    EarlyStopping(int patience) {
        this.patience = patience;
    }

    /** The state after the epochs of a checkpoint's history. */
    static EarlyStopping resumed(int patience, int bestEpoch, double bestLoss, int epochsWithoutImprovement) {
        EarlyStopping stopping = new EarlyStopping(patience);
        stopping.bestEpoch = bestEpoch;
        stopping.bestLoss = bestLoss;
        stopping.epochsWithoutImprovement = epochsWithoutImprovement;
        return stopping;
    }

    /** Records an epoch; true if it is the new best. */
    boolean record(int epoch, Double validationLoss) {
        if (validationLoss == null) {
            return false;
        }
        if (validationLoss < bestLoss) {
            bestLoss = validationLoss;
            bestEpoch = epoch;
            epochsWithoutImprovement = 0;
            return true;
        }
        epochsWithoutImprovement++;
        return false;
    }

    boolean shouldStop() {
        return patience > 0 && epochsWithoutImprovement >= patience;
    }

    /** 0 while no epoch had a validation loss. */
    int bestEpoch() {
        return bestEpoch;
    }

    int epochsWithoutImprovement() {
        return epochsWithoutImprovement;
    }
}
