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
import org.deeplearning4j.nn.transferlearning.TransferLearningHelper;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Trains the new head of a network whose backbone is frozen. The frozen part runs once per image
 * (featurisation); the epochs then only touch the head, which is what makes small-data transfer
 * learning cheap. Trained parameters are written back into the given graph.
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

    public List<EpochMetrics> train(List<Example> training, List<Example> validation, HeadTrainingOptions options,
            TrainingListener listener) throws IOException {
        if (training.isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
        DataSet trainSet = featurize(training, options.batchSize(), listener);
        DataSet validationSet = validation.isEmpty() ? null : featurize(validation, options.batchSize(), listener);
        TransferLearningHelper helper = new TransferLearningHelper(graph);
        ComputationGraph head = helper.unfrozenGraph();

        Random random = new Random(options.seed());
        int n = training.size();
        int batchesPerEpoch = (n + options.batchSize() - 1) / options.batchSize();
        List<EpochMetrics> history = new ArrayList<>();
        for (int epoch = 1; epoch <= options.epochs(); epoch++) {
            long start = System.nanoTime();
            int[] order = permutation(n, random);
            double lossSum = 0;
            for (int b = 0; b < batchesPerEpoch; b++) {
                if (listener.stopRequested()) {
                    throw new TrainingCancelledException();
                }
                int from = b * options.batchSize();
                int[] rows = Arrays.copyOfRange(order, from, Math.min(n, from + options.batchSize()));
                DataSet batch = new DataSet(trainSet.getFeatures().getRows(rows), trainSet.getLabels().getRows(rows));
                helper.fitFeaturized(batch);
                lossSum += head.score() * rows.length;
                listener.onBatch(epoch, ((epoch - 1) * batchesPerEpoch + b + 1.0) / (options.epochs() * batchesPerEpoch));
            }
            Double validationLoss = null;
            Double validationAccuracy = null;
            if (validationSet != null) {
                INDArray probabilities = helper.outputFromFeaturized(validationSet.getFeatures());
                validationLoss = crossEntropy(probabilities, validationSet.getLabels());
                validationAccuracy = accuracy(probabilities, validationSet.getLabels());
            }
            EpochMetrics metrics = new EpochMetrics(epoch, lossSum / n, validationLoss, validationAccuracy,
                    (System.nanoTime() - start) / 1e9);
            history.add(metrics);
            listener.onEpoch(metrics);
        }
        return history;
    }

    /** Runs the frozen backbone once over the examples: [n, features] and one-hot labels. */
    private DataSet featurize(List<Example> examples, int batchSize, TrainingListener listener) throws IOException {
        List<INDArray> features = new ArrayList<>();
        int size = preprocessing.inputSize();
        for (int from = 0; from < examples.size(); from += batchSize) {
            if (listener.stopRequested()) {
                throw new TrainingCancelledException();
            }
            List<BufferedImage> images = new ArrayList<>();
            for (Example example : examples.subList(from, Math.min(examples.size(), from + batchSize))) {
                BufferedImage resized = ImageOps.resizeShortSide(example.image().load(), preprocessing.resizeSize());
                images.add(ImageOps.centerCrop(resized, size, size));
            }
            INDArray input = ImageTensors.toNhwcBatch(images, preprocessing);
            features.add(graph.output(List.of(featureVertex), false, new INDArray[] {input}, null)[0]);
        }
        INDArray labels = Nd4j.zeros(examples.size(), numClasses);
        for (int i = 0; i < examples.size(); i++) {
            labels.putScalar(i, examples.get(i).label(), 1.0);
        }
        return new DataSet(Nd4j.concat(0, features.toArray(INDArray[]::new)), labels);
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
