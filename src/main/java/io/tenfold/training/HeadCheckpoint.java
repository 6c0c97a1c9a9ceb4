package io.tenfold.training;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The state of head training after an epoch: enough to continue exactly where it stopped. The
 * arrays are copies, detached from the network.
 */
public record HeadCheckpoint(int epoch, INDArray parameters, INDArray updaterState, List<EpochMetrics> history) {

    public HeadCheckpoint {
        history = List.copyOf(history);
    }
}
