package io.tenfold.training;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The state of training after an epoch: enough to continue exactly where it stopped. Parameters
 * and updater state are those of the trained part (the graph above the frozen boundary, or the
 * whole graph); {@code iterations} is the optimiser's step count, which Adam's bias correction
 * reads. {@code bestParameters} are the parameters after {@code bestEpoch} (null while no epoch
 * had a validation loss). The arrays are copies, detached from the network.
 */
public record TrainingCheckpoint(int epoch, INDArray parameters, INDArray updaterState, int iterations,
        List<EpochMetrics> history, int bestEpoch, INDArray bestParameters, int epochsWithoutImprovement) {

    public TrainingCheckpoint {
        history = List.copyOf(history);
    }
}
