package io.tenfold.transfer;

/**
 * What a plan needs besides the strategy.
 *
 * @param learningRate the job's learning rate: the head's, which the multipliers scale for the rest
 * @param seed         seeds the new head's initial weights
 */
public record PlanOptions(double learningRate, long seed) {

    public PlanOptions {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a positive finite number, got " + learningRate);
        }
    }
}
