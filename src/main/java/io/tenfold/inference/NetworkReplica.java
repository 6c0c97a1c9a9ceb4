package io.tenfold.inference;

import io.tenfold.tta.DenseEvaluator;
import io.tenfold.tta.DensePolicy;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/** One copy of a model's network and its dense evaluator, used by one runner thread of a {@link ForwardBatcher}. */
final class NetworkReplica implements ForwardBatcher.Replica {

    private final ComputationGraph network;
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

    /** Evaluates densely; the caller has checked that the network allows it. */
    DenseEvaluator.Result dense(INDArray images, DensePolicy policy) {
        if (dense == null) {
            dense = DenseEvaluator.of(network, inputSize);
        }
        return dense.evaluate(images, policy);
    }

    @Override
    public void close() {
        network.close();
    }
}
