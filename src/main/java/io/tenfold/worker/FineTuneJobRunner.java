package io.tenfold.worker;

import io.tenfold.dataset.DatasetManifest;
import io.tenfold.dataset.DatasetService;
import io.tenfold.image.ImageDecoder;
import io.tenfold.image.ImageLimits;
import io.tenfold.jobs.Job;
import io.tenfold.jobs.JobRepository;
import io.tenfold.jobs.JobSpec;
import io.tenfold.models.ModelArtifacts;
import io.tenfold.models.ModelManifest;
import io.tenfold.models.ModelRepository;
import io.tenfold.models.TrainedModel;
import io.tenfold.training.EpochMetrics;
import io.tenfold.training.Example;
import io.tenfold.training.HeadTrainer;
import io.tenfold.training.HeadTrainingOptions;
import io.tenfold.training.StratifiedSplit;
import io.tenfold.training.TrainingListener;
import io.tenfold.transfer.BaseModel;
import io.tenfold.transfer.BaseModelCatalog;
import io.tenfold.transfer.FeatureExtractorStrategy;
import io.tenfold.transfer.FeatureExtractorStrategy.HeadOptions;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Runs one claimed fine-tuning job: data from the store, transfer learning, the model back to the store. */
@Component
class FineTuneJobRunner {

    private static final Logger log = LoggerFactory.getLogger(FineTuneJobRunner.class);

    private final DatasetService datasets;
    private final BaseModelCatalog baseModels;
    private final FeatureExtractorStrategy strategy;
    private final JobRepository jobs;
    private final ModelRepository models;
    private final ModelArtifacts artifacts;
    private final TransactionTemplate transaction;
    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

    FineTuneJobRunner(DatasetService datasets, BaseModelCatalog baseModels, FeatureExtractorStrategy strategy,
            JobRepository jobs, ModelRepository models, ModelArtifacts artifacts, TransactionTemplate transaction) {
        this.datasets = datasets;
        this.baseModels = baseModels;
        this.strategy = strategy;
        this.jobs = jobs;
        this.models = models;
        this.artifacts = artifacts;
        this.transaction = transaction;
    }

    /** Trains and stores the model; returns its id. */
    String run(Job job) throws IOException {
        JobSpec spec = job.spec();
        DatasetManifest manifest = datasets.manifest(spec.datasetId());
        List<Example> examples = new ArrayList<>();
        for (DatasetManifest.Image image : manifest.images()) {
            examples.add(new Example(image.label(), () -> decoder.decode(datasets.imageBytes(image))));
        }
        StratifiedSplit<Example> split = StratifiedSplit.of(examples, Example::label, spec.validationFraction(),
                spec.seed());

        BaseModel base = baseModels.get(spec.baseModel());
        ComputationGraph network = strategy.apply(base.load(), base, manifest.classes().size(),
                new HeadOptions(spec.learningRate(), spec.seed()));
        log.info("Job {}: {} training and {} validation images, {} classes, base {}", job.id(),
                split.training().size(), split.validation().size(), manifest.classes().size(), base.name());

        List<EpochMetrics> history = new ArrayList<>();
        new HeadTrainer(network, base.featureVertex(), base.preprocessing(), manifest.classes().size())
                .train(split.training(), split.validation(),
                        new HeadTrainingOptions(spec.epochs(), spec.batchSize(), spec.seed()),
                        new TrainingListener() {
                            @Override
                            public void onBatch(int epoch, double fraction) {
                                jobs.progress(job.id(), epoch, fraction);
                            }

                            @Override
                            public void onEpoch(EpochMetrics metrics) {
                                history.add(metrics);
                                jobs.metrics(job.id(), history);
                                log.info("Job {}: {}", job.id(), metrics);
                            }

                            @Override
                            public boolean stopRequested() {
                                return jobs.cancelRequested(job.id());
                            }
                        });

        String modelId = UUID.randomUUID().toString();
        artifacts.write(modelId, network,
                ModelManifest.of(manifest.classes(), base.preprocessing(), base.name(), spec.strategy()));
        TrainedModel model = new TrainedModel(modelId, job.id(), spec.datasetId(), base.name(), spec.strategy(),
                manifest.classes(), history, Instant.now());
        transaction.executeWithoutResult(status -> {
            models.insert(model);
            jobs.succeed(job.id(), modelId);
        });
        return modelId;
    }
}
