package io.tenfold.training;

import java.util.Iterator;
import org.nd4j.linalg.dataset.DataSet;

/** Where an epoch loop's batches and validation figures come from: cached features, or images prepared afresh. */
interface TrainingData {

    /** Training examples per epoch. */
    int size();

    /** The batches of one epoch, the examples in {@code order}. */
    Steps epoch(int epoch, int[] order);

    /** The trained part's figures on the validation set; null without one. */
    ValidationMetrics validate();

    /** One epoch's batches, ready to fit. */
    interface Steps extends Iterator<DataSet>, AutoCloseable {

        /** Seconds spent waiting for batches so far. */
        double waitSeconds();

        @Override
        void close();
    }
}
