package io.tenfold.tta;

/** The element-wise maximum over the views, renormalised to sum 1: a class likely in any view scores. */
public record MaxMerge() implements Merge {

    @Override
    public String name() {
        return "max";
    }

    @Override
    public float[] merge(float[][] probabilities) {
        int classes = Merge.classes(probabilities);
        double[] out = new double[classes];
        for (int c = 0; c < classes; c++) {
            double max = 0;
            for (float[] view : probabilities) {
                max = Math.max(max, view[c]);
            }
            out[c] = max;
        }
        return Merge.normalised(out);
    }
}
