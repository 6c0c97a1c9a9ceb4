package io.tenfold.tta;

/** The arithmetic mean of the views' probabilities (the default; what AlexNet and VGG average). */
public record MeanMerge() implements Merge {

    @Override
    public String name() {
        return "mean";
    }

    @Override
    public float[] merge(float[][] probabilities) {
        int classes = Merge.classes(probabilities);
        float[] out = new float[classes];
        for (int c = 0; c < classes; c++) {
            double sum = 0;
            for (float[] view : probabilities) {
                sum += view[c];
            }
            out[c] = (float) (sum / probabilities.length);
        }
        return out;
    }
}
