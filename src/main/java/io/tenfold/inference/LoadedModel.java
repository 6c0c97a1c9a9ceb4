package io.tenfold.inference;

import io.tenfold.models.ModelManifest;
import io.tenfold.graph.DenseEvaluator;
import io.tenfold.tta.DensePolicy;
import io.tenfold.graph.DenseUnsupportedException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model in memory: its manifest, the batcher that owns its network replicas, whether it can be
 * evaluated densely, and the memory it is charged for in the cache's budget.
 */
final class LoadedModel {

    private final ModelManifest manifest;
    private final ForwardBatcher<NetworkReplica> batcher;
    private final String denseRefusal;
    private final long bytes;

    LoadedModel(ModelManifest manifest, ForwardBatcher<NetworkReplica> batcher, String denseRefusal, long bytes) {
        this.manifest = manifest;
        this.batcher = batcher;
        this.denseRefusal = denseRefusal;
        this.bytes = bytes;
    }

    /** Why {@code network} cannot be evaluated densely, or null if it can. */
    static String denseRefusal(ComputationGraph network, int inputSize) {
        try {
            DenseEvaluator.of(network, inputSize);
            return null;
        } catch (DenseUnsupportedException e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            return "its graph could not be analysed (" + e + ")";
        }
    }

    ModelManifest manifest() {
        return manifest;
    }

    long bytes() {
        return bytes;
    }

    int queuedViews() {
        return batcher.queuedViews();
    }

    ForwardBatcher.Forward forward(INDArray views) {
        return batcher.forward(views);
    }

    /** Why the model cannot be evaluated densely, or null if it can. */
    String denseRefusal() {
        return denseRefusal;
    }

    /** Evaluates {@code images} densely in a pass of its own, weighted as {@code cost} views in the queue. */
    DenseEvaluator.Result dense(INDArray images, DensePolicy policy, int cost) {
        if (denseRefusal != null) {
            throw new IllegalStateException("no dense evaluation: " + denseRefusal);
        }
        return batcher.exclusive(replica -> replica.dense(images, policy), cost);
    }

    /** Stops taking requests; those queued finish, then the replicas are freed. */
    void retire() {
        batcher.close();
    }
}
