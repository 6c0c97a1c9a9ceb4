package io.tenfold.inference;

import io.tenfold.models.ModelManifest;
import io.tenfold.tta.DenseEvaluator;
import io.tenfold.tta.DensePolicy;
import io.tenfold.tta.DenseUnsupportedException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network in memory with its manifest, and whether it can be evaluated densely. DL4J networks
 * are not thread-safe, so every forward pass goes through {@link #output} or {@link #dense},
 * which let one request at a time use the network.
 */
final class LoadedModel {

    private final ComputationGraph network;
    private final ModelManifest manifest;
    private final DenseEvaluator dense;
    private final String denseRefusal;

    LoadedModel(ComputationGraph network, ModelManifest manifest) {
        this.network = network;
        this.manifest = manifest;
        DenseEvaluator evaluator = null;
        String refusal = null;
        try {
            evaluator = DenseEvaluator.of(network, manifest.preprocessing().inputSize());
        } catch (DenseUnsupportedException e) {
            refusal = e.getMessage();
        } catch (RuntimeException e) {
            refusal = "its graph could not be analysed (" + e + ")";
        }
        this.dense = evaluator;
        this.denseRefusal = refusal;
    }

    ModelManifest manifest() {
        return manifest;
    }

    synchronized INDArray output(INDArray batch) {
        return network.outputSingle(false, batch);
    }

    /** Why the model cannot be evaluated densely, or null if it can. */
    String denseRefusal() {
        return denseRefusal;
    }

    synchronized DenseEvaluator.Result dense(INDArray images, DensePolicy policy) {
        if (dense == null) {
            throw new IllegalStateException("no dense evaluation: " + denseRefusal);
        }
        return dense.evaluate(images, policy);
    }
}
