package io.tenfold.training;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Backbone features of a set of examples, [n, features], with one-hot labels [n, classes]. */
public record Featurized(INDArray features, INDArray labels) {

    public int size() {
        return (int) features.size(0);
    }
}
