package io.tenfold.training;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.transferlearning.TransferLearningHelper;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The part of a graph that training changes: the graph above its frozen boundary (fitted on the
 * boundary's activations through DL4J's {@link TransferLearningHelper}, which keeps a graph of its
 * own), or the whole graph. Its parameters and optimiser state are what a checkpoint holds.
 */
final class TrainedPart {

    private final ComputationGraph graph;
    private final TransferLearningHelper helper;
    private final ComputationGraph trained;

    private TrainedPart(ComputationGraph graph, TransferLearningHelper helper, ComputationGraph trained) {
        this.graph = graph;
        this.helper = helper;
        this.trained = trained;
    }

    static TrainedPart whole(ComputationGraph graph) {
        return new TrainedPart(graph, null, graph);
    }

    /** What lies above {@code boundary}; the vertex and everything below it are frozen (in place, if they were not). */
    static TrainedPart above(ComputationGraph graph, String boundary) {
        TransferLearningHelper helper = new TransferLearningHelper(graph, boundary);
        ComputationGraph trained = helper.unfrozenGraph();
        if (!trained.getConfiguration().getNetworkInputs().equals(java.util.List.of(boundary))) {
            throw new IllegalArgumentException("the graph above " + boundary + " also reads "
                    + trained.getConfiguration().getNetworkInputs());
        }
        return new TrainedPart(graph, helper, trained);
    }

    /** The network that trains: it takes the boundary's activations, or images. */
    ComputationGraph network() {
        return trained;
    }

    /** One optimisation step; returns the batch's loss. */
    double fit(DataSet batch) {
        if (helper != null) {
            helper.fitFeaturized(batch);
        } else {
            graph.fit(batch);
        }
        return trained.score();
    }

    INDArray parameters() {
        return trained.params();
    }

    INDArray updaterState() {
        return trained.getUpdater(true).getStateViewArray();
    }

    int iterations() {
        return trained.getConfiguration().getIterationCount();
    }

    /** Continues from a checkpoint's parameters, optimiser state and step count. */
    void restore(TrainingCheckpoint checkpoint) {
        trained.setParams(checkpoint.parameters());
        updaterState().assign(checkpoint.updaterState());
        trained.getConfiguration().setIterationCount(checkpoint.iterations());
        copyIntoGraph();
    }

    /** Takes {@code parameters} (from an earlier epoch) and puts them into the whole graph. */
    void keep(INDArray parameters) {
        trained.setParams(parameters);
        copyIntoGraph();
    }

    /** The helper trains a graph of its own; the whole graph needs its layers' parameters back. */
    private void copyIntoGraph() {
        if (helper == null) {
            return;
        }
        for (GraphVertex vertex : trained.getVertices()) {
            if (vertex.hasLayer()) {
                graph.getLayer(vertex.getVertexName()).setParams(vertex.getLayer().params());
            }
        }
    }
}
