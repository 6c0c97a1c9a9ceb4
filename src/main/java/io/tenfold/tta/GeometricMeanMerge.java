package io.tenfold.tta;

/**
 * The geometric mean of the views' probabilities, renormalised to sum 1: a class must be likely in
 * every view. Probabilities are floored at {@value #FLOOR} first, so one view's underflow to 0 does
 * not veto a class outright.
 */
public record GeometricMeanMerge() implements Merge {

    public static final double FLOOR = 1e-12;

    @Override
    public String name() {
        return "geomean";
    }

    @Override
    public float[] merge(float[][] probabilities) {
        int classes = Merge.classes(probabilities);
        double[] out = new double[classes];
        for (int c = 0; c < classes; c++) {
            double logSum = 0;
            for (float[] view : probabilities) {
                logSum += Math.log(Math.max(view[c], FLOOR));
            }
            out[c] = Math.exp(logSum / probabilities.length);
        }
        return Merge.normalised(out);
    }
}
