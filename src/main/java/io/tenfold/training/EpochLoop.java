package io.tenfold.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The epochs of a training run (DJL's {@code EasyTrain.fit}): shuffle with a generator seeded from
 * (seed, epoch), fit each batch, validate, keep the parameters of the epoch with the lowest
 * validation loss, stop early when it stops falling, and hand each epoch's state to the listener
 * to checkpoint. Resumed from a checkpoint, it takes the same path as a run that never stopped. At
 * the end the graph holds the best epoch's parameters.
 */
final class EpochLoop {

    private final TrainedPart part;

    EpochLoop(TrainedPart part) {
        this.part = part;
    }

    TrainingResult run(TrainingData data, TrainingOptions options, TrainingListener listener,
            TrainingCheckpoint resumeFrom) {
        int n = data.size();
        if (n == 0) {
            throw new IllegalArgumentException("no training examples");
        }
        List<EpochMetrics> history = new ArrayList<>();
        EarlyStopping stopping = new EarlyStopping(options.patience());
        INDArray bestParameters = null;
        int firstEpoch = 1;
        if (resumeFrom != null) {
            part.restore(resumeFrom);
            history.addAll(resumeFrom.history());
            stopping = EarlyStopping.resumed(options.patience(), resumeFrom.bestEpoch(),
                    validationLossOf(resumeFrom.history(), resumeFrom.bestEpoch()),
                    resumeFrom.epochsWithoutImprovement());
            bestParameters = resumeFrom.bestParameters();
            firstEpoch = resumeFrom.epoch() + 1;
        }
        int batchesPerEpoch = (n + options.batchSize() - 1) / options.batchSize();
        boolean stoppedEarly = stopping.shouldStop();
        for (int epoch = firstEpoch; epoch <= options.epochs() && !stoppedEarly; epoch++) {
            long start = System.nanoTime();
            double lossSum = 0;
            double waitSeconds;
            try (TrainingData.Steps steps = data.epoch(epoch, permutation(n, new Random(options.seed() * 1_000_003L
                    + epoch)))) {
                int done = 0;
                for (int b = 0; steps.hasNext(); b++) {
                    if (listener.stopRequested()) {
                        throw new TrainingCancelledException();
                    }
                    DataSet batch = steps.next();
                    double loss = part.fit(batch);
                    int rows = batch.numExamples();
                    lossSum += loss * rows;
                    done += rows;
                    listener.onBatch(epoch, ((epoch - 1) * batchesPerEpoch + b + 1.0)
                            / (options.epochs() * batchesPerEpoch), loss, done / seconds(start));
                }
                waitSeconds = steps.waitSeconds();
            }
            double trainSeconds = seconds(start);
            ValidationMetrics validation = data.validate();
            EpochMetrics metrics = EpochMetrics.of(epoch, lossSum / n, validation, seconds(start), n / trainSeconds,
                    waitSeconds / trainSeconds);
            history.add(metrics);
            if (stopping.record(epoch, metrics.validationLoss())) {
                bestParameters = part.parameters().dup();
            }
            stoppedEarly = stopping.shouldStop();
            listener.onEpoch(metrics, new TrainingCheckpoint(epoch, part.parameters().dup(), part.updaterState().dup(),
                    part.iterations(), history, stopping.bestEpoch(), bestParameters,
                    stopping.epochsWithoutImprovement()));
        }
        int last = history.isEmpty() ? 0 : history.get(history.size() - 1).epoch();
        int bestEpoch = bestParameters == null ? last : stopping.bestEpoch();
        if (bestParameters != null && bestEpoch != last) {
            part.keep(bestParameters);
        }
        return new TrainingResult(history, bestEpoch, stoppedEarly);
    }

    private static double validationLossOf(List<EpochMetrics> history, int epoch) {
        return history.stream().filter(m -> m.epoch() == epoch && m.validationLoss() != null)
                .mapToDouble(EpochMetrics::validationLoss).findFirst().orElse(Double.POSITIVE_INFINITY);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    static int[] permutation(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
