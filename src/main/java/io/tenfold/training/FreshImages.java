package io.tenfold.training;

import io.tenfold.training.BatchPipeline.Batch;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Images prepared (and augmented) afresh every epoch. With a frozen part, each batch runs through
 * it before training, and the validation features are computed once, the validation view being
 * fixed; without one, validation runs the whole graph on the evaluation view.
 */
final class FreshImages implements TrainingData, AutoCloseable {

    private final BatchPipeline training;
    private final BatchPipeline validation;
    private final Featurized validationFeatures;
    private final FrozenFeatures frozen;
    private final ComputationGraph graph;
    private final ComputationGraph trained;
    private final int batchSize;

    /**
     * @param frozen  the frozen part, or null to train the whole graph
     * @param graph   the whole graph
     * @param trained the part that trains: above the boundary, or the whole graph
     */
    FreshImages(List<Example> trainingExamples, List<Example> validationExamples, ImageInputs inputs,
            FrozenFeatures frozen, ComputationGraph graph, ComputationGraph trained, TrainingOptions options,
            TrainingListener listener) {
        this.frozen = frozen;
        this.graph = graph;
        this.trained = trained;
        this.batchSize = options.batchSize();
        if (frozen != null) {
            this.validation = null;
            this.validationFeatures = validationExamples.isEmpty() ? null : featurizedValidation(validationExamples,
                    inputs, frozen, options, new FrozenFeatures.Progress(validationExamples.size(), listener), listener);
        } else {
            this.validation = validationExamples.isEmpty() ? null
                    : inputs.pipeline(validationExamples, inputs.evaluation(), options);
            this.validationFeatures = null;
        }
        this.training = inputs.pipeline(trainingExamples, inputs.training(options), options);
    }

    /** The frozen part's activations for the validation images' evaluation view. */
    static Featurized featurizedValidation(List<Example> validation, ImageInputs inputs, FrozenFeatures frozen,
            TrainingOptions options, FrozenFeatures.Progress progress, TrainingListener listener) {
        try (BatchPipeline pipeline = inputs.pipeline(validation, inputs.evaluation(), options)) {
            return frozen.featurize(pipeline, 0, progress, listener);
        }
    }

    @Override
    public int size() {
        return training.size();
    }

    @Override
    public Steps epoch(int epoch, int[] order) {
        BatchPipeline.Pass pass = training.pass(epoch, order);
        return new Steps() {
            @Override
            public boolean hasNext() {
                return pass.hasNext();
            }

            @Override
            public DataSet next() {
                Batch batch = pass.next();
                INDArray input = frozen == null ? batch.features() : frozen.of(batch.features());
                return new DataSet(input, batch.labels());
            }

            @Override
            public double waitSeconds() {
                return pass.waitSeconds();
            }

            @Override
            public void close() {
                pass.close();
            }
        };
    }

    @Override
    public ValidationMetrics validate() {
        if (validationFeatures != null) {
            return CachedFeatures.validate(trained, validationFeatures, batchSize);
        }
        if (validation == null) {
            return null;
        }
        List<INDArray> probabilities = new ArrayList<>();
        List<INDArray> labels = new ArrayList<>();
        try (BatchPipeline.Pass pass = validation.pass(0)) {
            while (pass.hasNext()) {
                Batch batch = pass.next();
                probabilities.add(graph.output(false, batch.features())[0]);
                labels.add(batch.labels());
            }
        }
        return ValidationMetrics.of(Nd4j.concat(0, probabilities.toArray(INDArray[]::new)),
                Nd4j.concat(0, labels.toArray(INDArray[]::new)));
    }

    @Override
    public void close() {
        training.close();
        if (validation != null) {
            validation.close();
        }
    }
}
