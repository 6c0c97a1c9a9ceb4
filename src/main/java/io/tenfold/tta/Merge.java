package io.tenfold.tta;

import io.tenfold.validation.Echo;
import io.tenfold.validation.InvalidFieldException;
import java.util.List;

/**
 * Merges the class probabilities of several views, {@code [views][classes]}, into one
 * distribution over the classes. Arithmetic is done in double precision.
 */
public sealed interface Merge permits MeanMerge, GeometricMeanMerge, MaxMerge {

    /** The name used in the API, e.g. {@code geomean}. */
    String name();

    float[] merge(float[][] probabilities);

    static List<Merge> all() {
        return List.of(new MeanMerge(), new GeometricMeanMerge(), new MaxMerge());
    }

    /** @throws InvalidFieldException naming the known merges when {@code name} is not one */
    static Merge byName(String name) {
        return all().stream()
                .filter(m -> m.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new InvalidFieldException("merge", "unknown merge '%s'; known: %s"
                        .formatted(Echo.of(name), String.join(", ", all().stream().map(Merge::name).toList()))));
    }

    /** The fraction of views whose most probable class is the merged distribution's most probable class. */
    static double agreement(float[][] probabilities, float[] merged) {
        int top = argmax(merged);
        int agreeing = 0;
        for (float[] view : probabilities) {
            if (argmax(view) == top) {
                agreeing++;
            }
        }
        return (double) agreeing / probabilities.length;
    }

    /** The index of the largest value; the first one on ties. */
    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Checks that the matrix has at least one view and one class and is rectangular; returns the class count. */
    static int classes(float[][] probabilities) {
        if (probabilities.length == 0 || probabilities[0].length == 0) {
            throw new IllegalArgumentException("expected [views][classes] probabilities with at least one of each");
        }
        int classes = probabilities[0].length;
        for (float[] view : probabilities) {
            if (view.length != classes) {
                throw new IllegalArgumentException("every view needs the same number of classes");
            }
        }
        return classes;
    }

    /** Scales to sum 1 (a uniform distribution if everything is 0). */
    static float[] normalised(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) (sum > 0 ? values[i] / sum : 1.0 / values.length);
        }
        return out;
    }
}
