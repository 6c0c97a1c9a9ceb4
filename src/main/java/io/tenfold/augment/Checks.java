package io.tenfold.augment;

import io.tenfold.validation.InvalidFieldException;

/**
 * Argument checks for transform constructors; each failure is an {@link InvalidFieldException}
 * naming the field as it is spelled in the policy JSON.
 */
public final class Checks {

    private Checks() {
    }

    public static double probability(String field, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new InvalidFieldException(field, "must be in [0, 1], was " + p);
        }
        return p;
    }

    public static double atLeast(String field, double value, double min) {
        if (!(value >= min) || Double.isInfinite(value)) {
            throw new InvalidFieldException(field, "must be finite and >= " + format(min) + ", was " + value);
        }
        return value;
    }

    public static double within(String field, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new InvalidFieldException(field,
                    "must be in [" + format(min) + ", " + format(max) + "], was " + value);
        }
        return value;
    }

    public static Range within(String field, Range range, double min, double max) {
        if (range.min() < min || range.max() > max) {
            throw new InvalidFieldException(field,
                    "must be within [" + format(min) + ", " + format(max) + "], was " + range);
        }
        return range;
    }

    public static Range positive(String field, Range range) {
        if (!(range.min() > 0)) {
            throw new InvalidFieldException(field, "must be > 0, was " + range);
        }
        return range;
    }

    public static int rgb(String field, int rgb) {
        if (rgb < 0 || rgb > 0xFFFFFF) {
            throw new InvalidFieldException(field, "must be an RGB colour 0xRRGGBB, was " + Integer.toHexString(rgb));
        }
        return rgb;
    }

    public static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new InvalidFieldException(field, "required");
        }
        return value;
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
