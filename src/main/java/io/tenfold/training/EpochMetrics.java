package io.tenfold.training;

/**
 * What one epoch achieved. The validation figures are null when there is no validation set;
 * {@code perClassAccuracy[c]} is null for a class without validation examples; {@code confusion[actual][predicted]}
 * counts validation examples. {@code imagesPerSecond} is training images over the epoch's training phase and
 * {@code dataWaitFraction} the share of that phase the training thread spent waiting for data. Fields after
 * {@code seconds} are null in epochs recorded before they existed.
 */
public record EpochMetrics(int epoch, double trainLoss, Double validationLoss, Double validationAccuracy,
        double seconds, Double validationTop5Accuracy, Double[] perClassAccuracy, int[][] confusion,
        Double imagesPerSecond, Double dataWaitFraction) {

    public EpochMetrics(int epoch, double trainLoss, Double validationLoss, Double validationAccuracy, double seconds) {
        this(epoch, trainLoss, validationLoss, validationAccuracy, seconds, null, null, null, null, null);
    }

    /** An epoch's figures, the validation ones from {@code validation} (null without a validation set). */
    static EpochMetrics of(int epoch, double trainLoss, ValidationMetrics validation, double seconds,
            double imagesPerSecond, double dataWaitFraction) {
        if (validation == null) {
            return new EpochMetrics(epoch, trainLoss, null, null, seconds, null, null, null, imagesPerSecond,
                    dataWaitFraction);
        }
        return new EpochMetrics(epoch, trainLoss, validation.loss(), validation.top1(), seconds, validation.top5(),
                validation.perClassAccuracy(), validation.confusion(), imagesPerSecond, dataWaitFraction);
    }
}
