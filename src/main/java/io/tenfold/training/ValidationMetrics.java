package io.tenfold.training;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A classifier's figures on a labelled set: mean cross-entropy, top-1 and top-5 accuracy (top-k
 * with k = min(5, classes); a tie counts against the true class), accuracy per true class (null for
 * a class with no examples) and the confusion matrix {@code confusion[actual][predicted]}.
 */
public record ValidationMetrics(double loss, double top1, double top5, Double[] perClassAccuracy, int[][] confusion) {

    private static final double MIN_PROBABILITY = 1e-7;

    /** From predicted probabilities and one-hot labels, both [n, classes]. */
    public static ValidationMetrics of(INDArray probabilities, INDArray oneHotLabels) {
        float[][] p = probabilities.toFloatMatrix();
        float[][] y = oneHotLabels.toFloatMatrix();
        int n = p.length;
        if (n == 0 || y.length != n) {
            throw new IllegalArgumentException("need as many labels as predictions, at least one");
        }
        int classes = p[0].length;
        int k = Math.min(5, classes);
        int[][] confusion = new int[classes][classes];
        double loss = 0;
        int top1 = 0;
        int top5 = 0;
        for (int i = 0; i < n; i++) {
            int actual = argMax(y[i]);
            int predicted = argMax(p[i]);
            confusion[actual][predicted]++;
            loss -= Math.log(Math.max(p[i][actual], MIN_PROBABILITY));
            top1 += predicted == actual ? 1 : 0;
            top5 += rank(p[i], actual) < k ? 1 : 0;
        }
        Double[] perClass = new Double[classes];
        for (int c = 0; c < classes; c++) {
            int total = 0;
            for (int count : confusion[c]) {
                total += count;
            }
            perClass[c] = total == 0 ? null : confusion[c][c] / (double) total;
        }
        return new ValidationMetrics(loss / n, top1 / (double) n, top5 / (double) n, perClass, confusion);
    }

    /** How many classes score at least as high as {@code c}, other than c itself. */
    private static int rank(float[] scores, int c) {
        int above = 0;
        for (int j = 0; j < scores.length; j++) {
            if (j != c && scores[j] >= scores[c]) {
                above++;
            }
        }
        return above;
    }

    private static int argMax(float[] values) {
        int best = 0;
        for (int j = 1; j < values.length; j++) {
            if (values[j] > values[best]) {
                best = j;
            }
        }
        return best;
    }
}
