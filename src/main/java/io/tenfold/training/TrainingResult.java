package io.tenfold.training;

import java.util.List;

/**
 * How training went: every epoch's metrics, the epoch whose parameters the graph now holds (lowest
 * validation loss, or the last epoch without validation) and whether patience ran out.
 */
public record TrainingResult(List<EpochMetrics> history, int bestEpoch, boolean stoppedEarly) {

    public TrainingResult {
        history = List.copyOf(history);
    }
}
