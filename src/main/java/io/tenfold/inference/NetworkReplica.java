package io.tenfold.inference;

import io.tenfold.graph.BatchNormFolding;
import io.tenfold.graph.DenseEvaluator;
import io.tenfold.graph.MemoryEstimate;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One copy of a model's network and its dense evaluator, used by one runner thread of a {@link ForwardBatcher}. */
final class NetworkReplica implements ForwardBatcher.Replica {

    private static final Logger log = LoggerFactory.getLogger(NetworkReplica.class);
    /** Largest difference in any output probability that a fold may make; float rounding makes about 1e-6. */
    static final double FOLD_TOLERANCE = 1e-3;

    private ComputationGraph network;
    private final int inputSize;
    private DenseEvaluator dense;

    NetworkReplica(ComputationGraph network, int inputSize) {
        this.network = network;
        this.inputSize = inputSize;
    }

    @Override
    public INDArray output(INDArray batch) {
        return network.outputSingle(false, batch);
    }

    /**
     * Swaps in a copy of the network with its batch norms folded into its convolutions
     * ({@link BatchNormFolding}), if the copy answers as the network does on random images (every
     * output within {@link #FOLD_TOLERANCE}); otherwise keeps the network and says why in the log.
     * Call it on the thread that runs this replica, before any pass. Returns whether it folded.
     */
    boolean foldBatchNorm(int inputSize) {
        BatchNormFolding.Folded folded = BatchNormFolding.fold(network);
        if (folded.batchNorms() == 0) {
            folded.graph().close();
            return false;
        }
        double difference;
        try (INDArray probe = Nd4j.rand(DataType.FLOAT, 2, inputSize, inputSize, 3);
                INDArray expected = network.outputSingle(false, probe);
                INDArray actual = folded.graph().outputSingle(false, probe)) {
            difference = expected.sub(actual).amaxNumber().doubleValue();
        }
        if (difference > FOLD_TOLERANCE) {
            log.warn("Serving without folding batch norms: the folded network's outputs differ by up to {}", difference);
            folded.graph().close();
            return false;
        }
        log.info("Folded {} batch norms and {} activations into their convolutions (outputs within {})",
                folded.batchNorms(), folded.activations(), difference);
        network.close();
        network = folded.graph();
        return true;
    }

    /** What this replica's network needs for a pass of {@code batch} views ({@link MemoryEstimate}). */
    long memoryEstimate(int inputSize, int batch) {
        return MemoryEstimate.inference(network, inputSize, batch);
    }

    /** Evaluates densely; the caller has checked that the network allows it. */
    DenseEvaluator.Result dense(INDArray images, DenseEvaluator.Pooling pooling) {
        if (dense == null) {
            dense = DenseEvaluator.of(network, inputSize);
        }
        return dense.evaluate(images, pooling);
    }

    @Override
    public void close() {
        network.close();
    }
}
