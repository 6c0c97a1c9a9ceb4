package io.tenfold.worker;

import io.tenfold.dataset.DatasetManifest;
import io.tenfold.jobs.JobSpec;
import io.tenfold.training.Augmentation;
import io.tenfold.training.Example;
import io.tenfold.training.GraphTrainer;
import io.tenfold.training.LoaderOptions;
import io.tenfold.training.StratifiedSplit;
import io.tenfold.training.TrainingOptions;
import io.tenfold.transfer.BaseModel;
import io.tenfold.transfer.PlanOptions;
import io.tenfold.transfer.TransferPlan;
import io.tenfold.transfer.TransferPlanner;
import io.tenfold.transfer.TransferStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * What a claimed job will run, worked out from its spec, its dataset's manifest and its base model
 * alone: the stratified split, the strategy (resolved from the training images per class when
 * {@code auto}), the transfer plan, the augmentation and the trainer with its options. A pure
 * function of its inputs: the images are read only when training loads them, so a plan can be
 * made, and tested, without storage.
 */
public record TrainingJobPlan(StratifiedSplit<Example> split, TransferStrategy.Decision decision, TransferPlan transfer,
        GraphTrainer trainer, TrainingOptions options) {

    public static TrainingJobPlan of(JobSpec spec, DatasetManifest dataset, BaseModel base, ComputationGraph baseGraph,
            Function<DatasetManifest.Image, Example.ImageLoader> images, TransferPlanner planner,
            LoaderOptions loader) {
        int numClasses = dataset.classes().size();
        List<Example> examples = new ArrayList<>();
        for (DatasetManifest.Image image : dataset.images()) {
            examples.add(new Example(image.label(), images.apply(image)));
        }
        StratifiedSplit<Example> split = StratifiedSplit.of(examples, Example::label, spec.validationFraction(),
                spec.seed());
        TransferStrategy.Decision decision = spec.transferStrategy(base).resolve(base,
                imagesPerClass(split, numClasses));
        TransferPlan transfer = planner.plan(baseGraph, base, numClasses, decision.strategy(),
                new PlanOptions(spec.learningRate(), spec.seed()));
        GraphTrainer trainer = transfer.hasFrozenPart()
                ? GraphTrainer.aboveBoundary(transfer.graph(), transfer.frozenBoundary(), base.preprocessing(), numClasses)
                : GraphTrainer.wholeGraph(transfer.graph(), base.preprocessing(), numClasses);
        TrainingOptions options = new TrainingOptions(spec.epochs(), spec.batchSize(), spec.seed(),
                spec.patienceEpochs(), augmentation(spec, base, transfer, dataset), loader);
        return new TrainingJobPlan(split, decision, transfer, trainer, options);
    }

    /** The job's policy at the base model's input size, PCA colour noise following the dataset's own colours. */
    private static Augmentation augmentation(JobSpec spec, BaseModel base, TransferPlan transfer,
            DatasetManifest dataset) {
        var policy = spec.augmentationPolicy(base.preprocessing().inputSize());
        if (policy.augments() && dataset.pcaEigen() != null) {
            policy = policy.withPcaEigen(dataset.pcaEigen());
        }
        return Augmentation.forTraining(policy, transfer.hasFrozenPart(), spec.views());
    }

    private static List<Integer> imagesPerClass(StratifiedSplit<Example> split, int numClasses) {
        int[] counts = new int[numClasses];
        for (Example example : split.training()) {
            counts[example.label()]++;
        }
        List<Integer> list = new ArrayList<>(numClasses);
        for (int count : counts) {
            list.add(count);
        }
        return list;
    }
}
