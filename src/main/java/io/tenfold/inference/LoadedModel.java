package io.tenfold.inference;

import io.tenfold.models.ModelManifest;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network in memory with its manifest. DL4J networks are not thread-safe, so every forward pass
 * goes through {@link #output}, which lets one request at a time use the network.
 */
final class LoadedModel {

    private final ComputationGraph network;
    private final ModelManifest manifest;

    LoadedModel(ComputationGraph network, ModelManifest manifest) {
        this.network = network;
        this.manifest = manifest;
    }

    ModelManifest manifest() {
        return manifest;
    }

    synchronized INDArray output(INDArray batch) {
        return network.outputSingle(false, batch);
    }
}
