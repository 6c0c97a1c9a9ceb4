package io.tenfold.training;

/** What one epoch achieved; the validation figures are null when there is no validation set. */
public record EpochMetrics(int epoch, double trainLoss, Double validationLoss, Double validationAccuracy,
        double seconds) {
}
