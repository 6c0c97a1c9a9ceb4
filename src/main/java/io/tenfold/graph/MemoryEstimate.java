package io.tenfold.graph;

import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.MemoryUseMode;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;

/** The native memory a network needs for inference, as charged against the model cache's budget. */
public final class MemoryEstimate {

    private MemoryEstimate() {
    }

    /**
     * Parameters plus the activations of a pass of {@code batch} square NHWC RGB images, from DL4J's
     * memory report; if the report cannot be made for some vertex, the sum of every vertex's
     * activations instead (more than a pass holds at once, so the budget errs on the safe side).
     */
    public static long inference(ComputationGraph network, int inputSize, int batch) {
        InputType input = InputType.convolutional(inputSize, inputSize, 3, CNN2DFormat.NHWC);
        DataType type = network.params().dataType();
        long parameters = network.params().length() * type.width();
        try {
            long report = network.getConfiguration().getMemoryReport(input)
                    .getTotalMemoryBytes(batch, MemoryUseMode.INFERENCE, CacheMode.NONE, type);
            return Math.max(report, parameters);
        } catch (RuntimeException e) {
            Map<String, InputType> activations = network.getConfiguration().getLayerActivationTypes(input);
            long elements = activations.values().stream().mapToLong(InputType::arrayElementsPerExample).sum();
            return parameters + elements * batch * type.width();
        }
    }
}
