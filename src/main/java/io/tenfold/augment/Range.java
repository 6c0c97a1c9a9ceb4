package io.tenfold.augment;

import io.tenfold.validation.InvalidFieldException;
import java.util.random.RandomGenerator;

/** A closed interval [min, max] a parameter is drawn from; min == max is a constant. */
public record Range(double min, double max) {

    public Range {
        if (!(Double.isFinite(min) && Double.isFinite(max))) {
            throw new InvalidFieldException("", "bounds must be finite numbers, were [" + min + ", " + max + "]");
        }
        if (min > max) {
            throw new InvalidFieldException("", "must be [min, max] with min <= max, was [" + min + ", " + max + "]");
        }
        min += 0.0; // -0.0 becomes 0.0, so [-0, 0] equals [0, 0]
        max += 0.0;
    }

    public static Range of(double min, double max) {
        return new Range(min, max);
    }

    /** [-bound, bound]. */
    public static Range symmetric(double bound) {
        if (!(bound >= 0)) {
            throw new InvalidFieldException("", "must be >= 0, was " + bound);
        }
        return new Range(-bound, bound);
    }

    public static Range constant(double value) {
        return new Range(value, value);
    }

    public boolean isConstant() {
        return min == max;
    }

    public boolean isSymmetric() {
        return min == -max;
    }

    public boolean contains(double v) {
        return v >= min && v <= max;
    }

    /** Uniform in [min, max). */
    public double uniform(RandomGenerator rng) {
        return isConstant() ? min : min + (max - min) * rng.nextDouble();
    }

    /** exp(uniform in [ln min, ln max)); needs min > 0. */
    public double logUniform(RandomGenerator rng) {
        if (!(min > 0)) {
            throw new IllegalStateException("log-uniform needs a positive range, was " + this);
        }
        return isConstant() ? min : Math.exp(Math.log(min) + (Math.log(max) - Math.log(min)) * rng.nextDouble());
    }

    @Override
    public String toString() {
        return "[" + Checks.format(min) + ", " + Checks.format(max) + "]";
    }
}
