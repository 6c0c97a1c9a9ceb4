package io.tenfold.training;

import io.tenfold.image.ImageOps;
import io.tenfold.image.ImageTensors;
import io.tenfold.image.Preprocessing;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.transferlearning.TransferLearningHelper;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Trains the new head of a network whose backbone is frozen. The frozen part runs once per image
 * ({@link #featurize}); the epochs then only touch the head, which is what makes small-data
 * transfer learning cheap. Trained parameters are written back into the given graph. Each epoch
 * shuffles with a generator seeded from (seed, epoch), so a run resumed from a checkpoint takes
 * the same path as one that never stopped.
 */
public final class HeadTrainer {

    private final ComputationGraph graph;
    private final String featureVertex;
    private final Preprocessing preprocessing;
    private final int numClasses;

    public HeadTrainer(ComputationGraph graph, String featureVertex, Preprocessing preprocessing, int numClasses) {
        this.graph = graph;
        this.featureVertex = featureVertex;
        this.preprocessing = preprocessing;
        this.numClasses = numClasses;
    }

    /** Runs the frozen backbone once over the examples (resize, centre crop). */
    public Featurized featurize(List<Example> examples, int batchSize, TrainingListener listener) throws IOException {
        List<INDArray> features = new ArrayList<>();
        int size = preprocessing.inputSize();
        long start = System.nanoTime();
        long dataNanos = 0;
        for (int from = 0; from < examples.size(); from += batchSize) {
            if (listener.stopRequested()) {
                throw new TrainingCancelledException();
            }
            long dataStart = System.nanoTime();
            List<BufferedImage> images = new ArrayList<>();
            int to = Math.min(examples.size(), from + batchSize);
            for (Example example : examples.subList(from, to)) {
                BufferedImage resized = ImageOps.resizeShortSide(example.image().load(), preprocessing.resizeSize());
                images.add(ImageOps.centerCrop(resized, size, size));
            }
            INDArray input = ImageTensors.toNhwcBatch(images, preprocessing);
            dataNanos += System.nanoTime() - dataStart;
            features.add(graph.output(List.of(featureVertex), false, new INDArray[] {input}, null)[0]);
            long elapsed = System.nanoTime() - start;
            listener.onFeaturized(to, examples.size(), to / (elapsed / 1e9), dataNanos / (double) elapsed);
        }
        INDArray labels = Nd4j.zeros(DataType.FLOAT, examples.size(), numClasses);
        for (int i = 0; i < examples.size(); i++) {
            labels.putScalar(i, examples.get(i).label(), 1.0);
        }
        INDArray all = features.isEmpty()
                ? Nd4j.zeros(DataType.FLOAT, 0, 0)
                : Nd4j.concat(0, features.toArray(INDArray[]::new));
        return new Featurized(all, labels);
    }

    /**
     * Trains the head for the remaining epochs. {@code validation} may be null;
     * {@code resumeFrom}, when given, restores the head and its optimiser state after that epoch.
     */
    public List<EpochMetrics> train(Featurized training, Featurized validation, HeadTrainingOptions options,
            TrainingListener listener, HeadCheckpoint resumeFrom) {
        if (training.size() == 0) {
            throw new IllegalArgumentException("no training examples");
        }
        TransferLearningHelper helper = new TransferLearningHelper(graph);
        ComputationGraph head = helper.unfrozenGraph();
        List<EpochMetrics> history = new ArrayList<>();
        int firstEpoch = 1;
        if (resumeFrom != null) {
            head.setParams(resumeFrom.parameters());
            head.getUpdater(true).getStateViewArray().assign(resumeFrom.updaterState());
            copyHeadInto(head, graph);
            history.addAll(resumeFrom.history());
            firstEpoch = resumeFrom.epoch() + 1;
        }

        int n = training.size();
        int batchSize = options.batchSize();
        int batchesPerEpoch = (n + batchSize - 1) / batchSize;
        for (int epoch = firstEpoch; epoch <= options.epochs(); epoch++) {
            long start = System.nanoTime();
            int[] order = permutation(n, new Random(options.seed() * 1_000_003L + epoch));
            double lossSum = 0;
            for (int b = 0; b < batchesPerEpoch; b++) {
                if (listener.stopRequested()) {
                    throw new TrainingCancelledException();
                }
                int from = b * batchSize;
                int[] rows = Arrays.copyOfRange(order, from, Math.min(n, from + batchSize));
                helper.fitFeaturized(new DataSet(training.features().getRows(rows), training.labels().getRows(rows)));
                double loss = head.score();
                lossSum += loss * rows.length;
                double seconds = (System.nanoTime() - start) / 1e9;
                listener.onBatch(epoch, ((epoch - 1) * batchesPerEpoch + b + 1.0) / (options.epochs() * batchesPerEpoch),
                        loss, (from + rows.length) / seconds);
            }
            Double validationLoss = null;
            Double validationAccuracy = null;
            if (validation != null && validation.size() > 0) {
                INDArray probabilities = helper.outputFromFeaturized(validation.features());
                validationLoss = crossEntropy(probabilities, validation.labels());
                validationAccuracy = accuracy(probabilities, validation.labels());
            }
            EpochMetrics metrics = new EpochMetrics(epoch, lossSum / n, validationLoss, validationAccuracy,
                    (System.nanoTime() - start) / 1e9);
            history.add(metrics);
            listener.onEpoch(metrics, new HeadCheckpoint(epoch, head.params().dup(),
                    head.getUpdater(true).getStateViewArray().dup(), history));
        }
        return history;
    }

    private static void copyHeadInto(ComputationGraph head, ComputationGraph graph) {
        for (GraphVertex vertex : head.getVertices()) {
            if (vertex.hasLayer()) {
                graph.getLayer(vertex.getVertexName()).setParams(vertex.getLayer().params());
            }
        }
    }

    static double accuracy(INDArray probabilities, INDArray oneHotLabels) {
        INDArray predicted = probabilities.argMax(1);
        INDArray actual = oneHotLabels.argMax(1);
        return predicted.eq(actual).castTo(DataType.DOUBLE).meanNumber().doubleValue();
    }

    static double crossEntropy(INDArray probabilities, INDArray oneHotLabels) {
        INDArray clipped = Transforms.max(probabilities, 1e-7, true);
        return -Transforms.log(clipped, false).mul(oneHotLabels).sum(1).meanNumber().doubleValue();
    }

    private static int[] permutation(int n, Random random) {
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
