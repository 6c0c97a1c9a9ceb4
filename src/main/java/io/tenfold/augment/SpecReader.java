package io.tenfold.augment;

import io.tenfold.validation.InvalidFieldException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Typed reads of one JSON object of a policy document. Problems are
 * {@link InvalidFieldException}s whose field is relative to this object; the enclosing
 * reader prefixes its own path as they propagate.
 */
final class SpecReader {

    private final JsonNode node;
    private final int inputSize;
    private final TransformRegistry registry;

    SpecReader(JsonNode node, int inputSize, TransformRegistry registry) {
        this.node = node;
        this.inputSize = inputSize;
        this.registry = registry;
    }

    /** The policy's input size: the output size of crops. */
    int inputSize() {
        return inputSize;
    }

    boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    double number(String field, double absent) {
        return has(field) ? number(field) : absent;
    }

    double number(String field) {
        return number(field, required(field));
    }

    int integer(String field, int absent) {
        return has(field) ? integer(field) : absent;
    }

    int integer(String field) {
        return integer(field, required(field));
    }

    /** {@code [min, max]}. */
    Range range(String field, Range absent) {
        if (!has(field)) {
            return absent;
        }
        double[] pair = numbers(field, node.get(field), 2, "must be [min, max]");
        return range(field, pair[0], pair[1]);
    }

    /** A number b for [-b, b], or {@code [min, max]}. */
    Range rangeOrBound(String field, Range absent) {
        if (!has(field)) {
            return absent;
        }
        JsonNode v = node.get(field);
        if (v.isNumber()) {
            double bound = number(field, v);
            if (!(bound >= 0)) {
                throw new InvalidFieldException(field, "must be >= 0 (a bound b means [-b, b]), was " + bound);
            }
            return range(field, -bound, bound);
        }
        double[] pair = numbers(field, v, 2, "must be a number b (for [-b, b]) or [min, max]");
        return range(field, pair[0], pair[1]);
    }

    /** Exactly {@code count} numbers, or null when absent. */
    double[] numbers(String field, int count) {
        return has(field) ? numbers(field, node.get(field), count, "must be an array of " + count + " numbers") : null;
    }

    /** A number x for [x, x], or [x, y]; null when absent. */
    double[] numberOrPair(String field) {
        if (!has(field)) {
            return null;
        }
        JsonNode v = node.get(field);
        if (v.isNumber()) {
            double x = number(field, v);
            return new double[] {x, x};
        }
        return numbers(field, v, 2, "must be a number or [x, y]");
    }

    /** {@code rows} arrays of {@code columns} numbers, or null when absent. */
    double[][] matrix(String field, int rows, int columns) {
        if (!has(field)) {
            return null;
        }
        JsonNode v = node.get(field);
        String problem = "must be " + rows + " arrays of " + columns + " numbers";
        if (!v.isArray() || v.size() != rows) {
            throw new InvalidFieldException(field, problem);
        }
        double[][] out = new double[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = numbers(field + "[" + i + "]", v.get(i), columns, "must be " + columns + " numbers");
        }
        return out;
    }

    /** Any number of numbers, or null when absent. */
    List<Double> numberList(String field) {
        if (!has(field)) {
            return null;
        }
        JsonNode v = node.get(field);
        if (!v.isArray()) {
            throw new InvalidFieldException(field, "must be an array of numbers");
        }
        List<Double> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            out.add(number(field + "[" + i + "]", v.get(i)));
        }
        return out;
    }

    /** {@code [r, g, b]} with 0..255 each, as 0xRRGGBB; {@code absent} when absent. */
    int rgb(String field, int absent) {
        if (!has(field)) {
            return absent;
        }
        JsonNode v = node.get(field);
        if (!v.isArray() || v.size() != 3) {
            throw new InvalidFieldException(field, "must be [r, g, b] with 0..255 each");
        }
        int rgb = 0;
        for (int i = 0; i < 3; i++) {
            int c = integer(field + "[" + i + "]", v.get(i));
            if (c < 0 || c > 255) {
                throw new InvalidFieldException(field + "[" + i + "]", "must be in [0, 255], was " + c);
            }
            rgb = rgb << 8 | c;
        }
        return rgb;
    }

    RandomTransform<?> transform(String field) {
        JsonNode v = required(field);
        try {
            return registry.read(v, inputSize);
        } catch (InvalidFieldException e) {
            throw e.within(field);
        }
    }

    List<RandomTransform<?>> transforms(String field) {
        JsonNode v = required(field);
        if (!v.isArray()) {
            throw new InvalidFieldException(field, "must be an array of transforms");
        }
        List<RandomTransform<?>> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            try {
                out.add(registry.read(v.get(i), inputSize));
            } catch (InvalidFieldException e) {
                throw e.within(field + "[" + i + "]");
            }
        }
        return out;
    }

    private JsonNode required(String field) {
        if (!has(field)) {
            throw new InvalidFieldException(field, "required");
        }
        return node.get(field);
    }

    private static Range range(String field, double min, double max) {
        try {
            return Range.of(min, max);
        } catch (InvalidFieldException e) {
            throw e.within(field);
        }
    }

    private static double[] numbers(String field, JsonNode v, int count, String problem) {
        if (!v.isArray() || v.size() != count) {
            throw new InvalidFieldException(field, problem);
        }
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = number(field + "[" + i + "]", v.get(i));
        }
        return out;
    }

    private static double number(String field, JsonNode v) {
        if (v == null || !v.isNumber()) {
            throw new InvalidFieldException(field, "must be a number");
        }
        double d = v.doubleValue();
        if (!Double.isFinite(d)) {
            throw new InvalidFieldException(field, "must be a finite number");
        }
        return d;
    }

    static int integer(String field, JsonNode v) {
        double d = number(field, v);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new InvalidFieldException(field, "must be an integer, was " + v);
        }
        return (int) d;
    }
}
