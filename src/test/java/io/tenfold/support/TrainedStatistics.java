package io.tenfold.support;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Gives a freshly built graph's batch norms the statistics of a trained one, for tests of what depends on them. */
public final class TrainedStatistics {

    private TrainedStatistics() {
    }

    /**
     * Batch statistics and scales far from the initial 0/1, as a trained network has them. (DL4J
     * keeps the standard deviation as log10, unless the layer was built with useLogStd(false).)
     */
    public static void randomize(ComputationGraph graph) {
        for (org.deeplearning4j.nn.api.Layer layer : graph.getLayers()) {
            if (layer.conf().getLayer() instanceof BatchNormalization) {
                layer.paramTable().forEach((name, value) -> value.assign(switch (name) {
                    case "var" -> Nd4j.rand(DataType.FLOAT, value.shape()).addi(0.2);
                    case "log10stdev" -> Nd4j.rand(DataType.FLOAT, value.shape()).subi(0.6);
                    default -> Nd4j.randn(DataType.FLOAT, value.shape());
                }));
            }
        }
    }
}
