package io.tenfold.transfer;

import io.tenfold.validation.InvalidFieldException;

/**
 * Discriminative learning rates: each trainable layer learns at the job's learning rate times the
 * multiplier of its tier. Frozen layers do not learn at all (multiplier 0 in effect).
 *
 * @param head   the new classifier (and any parameter-free vertices above the backbone)
 * @param top    the upper half of the unfrozen blocks (rounded up: with one block, that block)
 * @param deeper the remaining, lower unfrozen blocks
 */
public record LearningRateMultipliers(double head, double top, double deeper) {

    /** Head 1x, top 0.1x, deeper 0.01x: pretrained features change slowly, deeper ones slower. */
    public static final LearningRateMultipliers DEFAULT = new LearningRateMultipliers(1.0, 0.1, 0.01);

    /** Every layer at the job's rate: for networks that start from random weights. */
    public static final LearningRateMultipliers UNIFORM = new LearningRateMultipliers(1.0, 1.0, 1.0);

    public LearningRateMultipliers {
        check("head", head);
        check("top", top);
        check("deeper", deeper);
    }

    private static void check(String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new InvalidFieldException("strategy.learningRateMultipliers." + field,
                    "must be a positive finite number (to freeze layers, unfreeze fewer blocks), got " + value);
        }
    }
}
