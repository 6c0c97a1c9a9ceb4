package io.tenfold.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.SpecifiedIndex;

/** Batches of a {@link FeatureCache}: epoch e trains on its view for e; validation runs the part above the boundary. */
final class CachedFeatures implements TrainingData {

    private final FeatureCache cache;
    private final ComputationGraph aboveBoundary;
    private final int batchSize;

    CachedFeatures(FeatureCache cache, ComputationGraph aboveBoundary, int batchSize) {
        this.cache = cache;
        this.aboveBoundary = aboveBoundary;
        this.batchSize = batchSize;
    }

    @Override
    public int size() {
        return cache.trainingSize();
    }

    @Override
    public Steps epoch(int epoch, int[] order) {
        Featurized view = cache.viewFor(epoch);
        return new Steps() {
            private int from;
            private long waitNanos;

            @Override
            public boolean hasNext() {
                return from < order.length;
            }

            @Override
            public DataSet next() {
                long start = System.nanoTime();
                int[] rows = Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
                from += rows.length;
                DataSet batch = new DataSet(rowsOf(view.features(), rows), view.labels().getRows(rows));
                waitNanos += System.nanoTime() - start;
                return batch;
            }

            @Override
            public double waitSeconds() {
                return waitNanos / 1e9;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public ValidationMetrics validate() {
        Featurized validation = cache.validation();
        return validation == null || validation.size() == 0 ? null : validate(aboveBoundary, validation, batchSize);
    }

    /** The figures of the part above the boundary on featurized examples, in batches. */
    static ValidationMetrics validate(ComputationGraph aboveBoundary, Featurized examples, int batchSize) {
        INDArray features = examples.features();
        List<INDArray> parts = new ArrayList<>();
        for (long from = 0; from < features.size(0); from += batchSize) {
            long to = Math.min(features.size(0), from + batchSize);
            parts.add(aboveBoundary.output(false, features.get(NDArrayIndex.interval(from, to)))[0]);
        }
        return ValidationMetrics.of(Nd4j.concat(0, parts.toArray(INDArray[]::new)), examples.labels());
    }

    /** Rows (first-axis entries) of an array of any rank, in the given order. */
    private static INDArray rowsOf(INDArray array, int[] rows) {
        if (array.rank() == 2) {
            return array.getRows(rows);
        }
        INDArrayIndex[] index = new INDArrayIndex[array.rank()];
        index[0] = new SpecifiedIndex(Arrays.stream(rows).asLongStream().toArray());
        for (int d = 1; d < index.length; d++) {
            index[d] = NDArrayIndex.all();
        }
        return array.get(index);
    }
}
