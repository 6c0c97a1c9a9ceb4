package io.tenfold.augment.pixel;

import io.tenfold.validation.InvalidFieldException;
import java.util.Arrays;

/**
 * The eigen-decomposition of an RGB covariance (pixel values in [0, 1]): {@code values[i]} with unit
 * eigenvector {@code vectors[i]}, largest first. Immutable; arrays are copied in and out.
 */
public final class RgbEigen {

    /**
     * The ImageNet figures used since AlexNet for PCA colour augmentation (as published with
     * fb.resnet.torch's {@code Lighting} transform and most re-implementations since).
     */
    public static final RgbEigen IMAGENET = new RgbEigen(
            new double[] {0.2175, 0.0188, 0.0045},
            new double[][] {{-0.5675, -0.5808, -0.5836}, {0.7192, -0.0045, -0.6948}, {0.4009, -0.8140, 0.4203}});

    private final double[] values;
    private final double[][] vectors;

    public RgbEigen(double[] values, double[][] vectors) {
        if (values == null || values.length != 3) {
            throw new InvalidFieldException("eigenvalues", "must be 3 numbers");
        }
        for (int i = 0; i < 3; i++) {
            if (!(values[i] >= 0) || Double.isInfinite(values[i])) {
                throw new InvalidFieldException("eigenvalues[" + i + "]", "must be finite and >= 0, was " + values[i]);
            }
        }
        if (vectors == null || vectors.length != 3) {
            throw new InvalidFieldException("eigenvectors", "must be 3 vectors of 3 numbers");
        }
        for (int i = 0; i < 3; i++) {
            double[] v = vectors[i];
            if (v == null || v.length != 3) {
                throw new InvalidFieldException("eigenvectors[" + i + "]", "must be 3 numbers");
            }
            double norm = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
            if (!(Math.abs(norm - 1) <= 2e-3)) {
                throw new InvalidFieldException("eigenvectors[" + i + "]", "must be a unit vector, has length " + norm);
            }
        }
        this.values = values.clone();
        this.vectors = new double[][] {vectors[0].clone(), vectors[1].clone(), vectors[2].clone()};
    }

    public double[] values() {
        return values.clone();
    }

    public double[][] vectors() {
        return new double[][] {vectors[0].clone(), vectors[1].clone(), vectors[2].clone()};
    }

    public double value(int i) {
        return values[i];
    }

    public double[] vector(int i) {
        return vectors[i].clone();
    }

    /** The covariance these stand for: sum of lambda_i p_i p_i^T. */
    public double[][] covariance() {
        double[][] c = new double[3][3];
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    c[i][j] += values[k] * vectors[k][i] * vectors[k][j];
                }
            }
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RgbEigen e && Arrays.equals(values, e.values) && Arrays.deepEquals(vectors, e.vectors);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + Arrays.deepHashCode(vectors);
    }

    @Override
    public String toString() {
        return "RgbEigen[values=" + Arrays.toString(values) + ", vectors=" + Arrays.deepToString(vectors) + "]";
    }
}
