package io.tenfold.worker;

import io.tenfold.dataset.DatasetManifest;
import io.tenfold.dataset.DatasetService;
import io.tenfold.image.ImageDecoder;
import io.tenfold.image.ImageLimits;
import io.tenfold.jobs.Job;
import io.tenfold.jobs.JobRepository;
import io.tenfold.jobs.JobSpec;
import io.tenfold.jobs.Lease;
import io.tenfold.jobs.LeaseLostException;
import io.tenfold.models.ModelArtifacts;
import io.tenfold.models.ModelManifest;
import io.tenfold.models.ModelRepository;
import io.tenfold.training.EpochMetrics;
import io.tenfold.training.Example;
import io.tenfold.training.FeatureCache;
import io.tenfold.training.GraphTrainer;
import io.tenfold.training.StratifiedSplit;
import io.tenfold.training.TrainingCheckpoint;
import io.tenfold.training.TrainingListener;
import io.tenfold.training.TrainingOptions;
import io.tenfold.training.TrainingResult;
import io.tenfold.transfer.BaseModel;
import io.tenfold.transfer.BaseModelCatalog;
import io.tenfold.transfer.FeatureExtractorStrategy;
import io.tenfold.transfer.FeatureExtractorStrategy.HeadOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs one claimed fine-tuning job: data from the store, transfer learning, the model back to the
 * store. Resumes from the job's checkpoints when an earlier attempt left some. Every write to the
 * job is conditional on the lease, and the model is recorded in the same transaction that marks
 * the job SUCCEEDED, so a job never yields two models.
 */
@Component
class FineTuneJobRunner {

    private static final Logger log = LoggerFactory.getLogger(FineTuneJobRunner.class);
    private static final long PROGRESS_INTERVAL_NANOS = 250_000_000L;

    private final DatasetService datasets;
    private final BaseModelCatalog baseModels;
    private final FeatureExtractorStrategy strategy;
    private final JobRepository jobs;
    private final JobCheckpoints checkpoints;
    private final ModelRepository models;
    private final ModelArtifacts artifacts;
    private final TransactionTemplate transaction;
    private final WorkerMetrics workerMetrics;
    private final ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);

    FineTuneJobRunner(DatasetService datasets, BaseModelCatalog baseModels, FeatureExtractorStrategy strategy,
            JobRepository jobs, JobCheckpoints checkpoints, ModelRepository models, ModelArtifacts artifacts,
            TransactionTemplate transaction, WorkerMetrics metrics) {
        this.workerMetrics = metrics;
        this.datasets = datasets;
        this.baseModels = baseModels;
        this.strategy = strategy;
        this.jobs = jobs;
        this.checkpoints = checkpoints;
        this.models = models;
        this.artifacts = artifacts;
        this.transaction = transaction;
    }

    /** Trains and stores the model; returns its id. */
    String run(RunControl control) throws IOException {
        Lease lease = control.lease();
        Job job = jobs.find(lease.jobId()).orElseThrow(() -> new LeaseLostException(lease));
        JobSpec spec = job.spec();
        DatasetManifest dataset = datasets.manifest(spec.datasetId());
        int numClasses = dataset.classes().size();
        BaseModel base = baseModels.get(spec.baseModel());
        ComputationGraph network = strategy.apply(base.load(), base, numClasses,
                new HeadOptions(spec.learningRate(), spec.seed()));
        GraphTrainer trainer = GraphTrainer.aboveBoundary(network, base.featureVertex(), base.preprocessing(),
                numClasses);
        TrainingOptions options = TrainingOptions.of(spec.epochs(), spec.batchSize(), spec.seed());
        Listener listener = new Listener(control, spec.epochs());

        FeatureCache features = checkpoints.loadFeatures(job.id()).orElse(null);
        if (features == null) {
            features = featurize(trainer, dataset, spec, options, listener);
            checkpoints.saveFeatures(job.id(), features);
        }
        TrainingCheckpoint resume = checkpoints.latestHead(job.id()).orElse(null);
        if (resume != null) {
            held(jobs.resumedFrom(lease, resume.history()), lease);
            log.info("Job {} attempt {}: resuming after epoch {}", job.id(), lease.attempt(), resume.epoch());
        }
        TrainingResult result = trainer.train(features, options, listener, resume);
        List<EpochMetrics> history = result.history();

        held(jobs.progress(lease, new Job.Progress("SAVING", spec.epochs(), spec.epochs(), 1.0, null, null)), lease);
        String modelId = UUID.randomUUID().toString();
        artifacts.write(modelId, network, ModelManifest.of(dataset.classes(), base.preprocessing(), base.name(),
                spec.strategy()));
        try {
            transaction.executeWithoutResult(status -> {
                if (!jobs.succeed(lease, modelId)) {
                    throw new LeaseLostException(lease);
                }
                models.insert(modelId, spec.modelName(), job.id(), spec.datasetId(), base.name(), spec.strategy(),
                        dataset.classes(), history, Instant.now());
            });
        } catch (RuntimeException e) {
            artifacts.delete(modelId);
            throw e;
        }
        checkpoints.deleteAll(job.id());
        return modelId;
    }

    private FeatureCache featurize(GraphTrainer trainer, DatasetManifest dataset, JobSpec spec,
            TrainingOptions options, Listener listener) throws IOException {
        List<Example> examples = new ArrayList<>();
        for (DatasetManifest.Image image : dataset.images()) {
            examples.add(new Example(image.label(), () -> decoder.decode(datasets.imageBytes(image))));
        }
        StratifiedSplit<Example> split = StratifiedSplit.of(examples, Example::label, spec.validationFraction(),
                spec.seed());
        log.info("Featurizing {} training and {} validation images through the frozen backbone",
                split.training().size(), split.validation().size());
        return trainer.cacheFeatures(split.training(), split.validation(), options, listener);
    }

    private static void held(boolean stillHeld, Lease lease) {
        if (!stillHeld) {
            throw new LeaseLostException(lease);
        }
    }

    /** Reports progress (at most four times a second), checkpoints each epoch, and relays stops. */
    private final class Listener implements TrainingListener {

        private final RunControl control;
        private final Lease lease;
        private final int epochs;
        private long lastProgress;

        Listener(RunControl control, int epochs) {
            this.control = control;
            this.lease = control.lease();
            this.epochs = epochs;
        }

        @Override
        public void onFeaturized(int done, int total, double imagesPerSecond, double dataWaitFraction) {
            if (done == total) {
                workerMetrics.featurized(total, imagesPerSecond, dataWaitFraction);
            }
            if (due(done == total)) {
                held(jobs.progress(lease, new Job.Progress("FEATURIZING", 0, epochs, 0.0, null, imagesPerSecond)),
                        lease);
            }
        }

        @Override
        public void onBatch(int epoch, double fraction, double loss, double examplesPerSecond) {
            if (due(false)) {
                held(jobs.progress(lease, new Job.Progress("TRAINING", epoch, epochs, fraction, loss,
                        examplesPerSecond)), lease);
            }
        }

        @Override
        public void onEpoch(EpochMetrics metrics, TrainingCheckpoint checkpoint) {
            workerMetrics.epoch(metrics.seconds());
            try {
                checkpoints.saveHead(lease.jobId(), checkpoint);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            held(jobs.recordEpoch(lease, metrics), lease);
            double fraction = metrics.epoch() / (double) epochs;
            held(jobs.progress(lease, new Job.Progress("TRAINING", metrics.epoch(), epochs, fraction,
                    metrics.trainLoss(), null)), lease);
            log.info("Job {} epoch {}/{}: train loss {}, validation accuracy {}", lease.jobId(), metrics.epoch(),
                    epochs, metrics.trainLoss(), metrics.validationAccuracy());
        }

        @Override
        public boolean stopRequested() {
            return control.stop() != RunControl.Stop.NONE;
        }

        private boolean due(boolean force) {
            long now = System.nanoTime();
            if (force || now - lastProgress >= PROGRESS_INTERVAL_NANOS) {
                lastProgress = now;
                return true;
            }
            return false;
        }
    }
}
