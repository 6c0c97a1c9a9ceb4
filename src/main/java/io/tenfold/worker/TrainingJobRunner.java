package io.tenfold.worker;

import io.tenfold.dataset.DatasetManifest;
import io.tenfold.dataset.DatasetService;
import io.tenfold.image.ImageDecoder;
import io.tenfold.inference.ModelManifest;
import io.tenfold.jobs.Job;
import io.tenfold.jobs.JobRepository;
import io.tenfold.jobs.JobSpec;
import io.tenfold.jobs.Lease;
import io.tenfold.jobs.LeaseLostException;
import io.tenfold.models.ModelArtifacts;
import io.tenfold.models.ModelRepository;
import io.tenfold.training.EpochMetrics;
import io.tenfold.training.Example;
import io.tenfold.training.FeatureCache;
import io.tenfold.training.GraphTrainer;
import io.tenfold.training.LoaderOptions;
import io.tenfold.training.StratifiedSplit;
import io.tenfold.training.TrainingCheckpoint;
import io.tenfold.training.TrainingListener;
import io.tenfold.training.TrainingOptions;
import io.tenfold.training.TrainingResult;
import io.tenfold.transfer.BaseModel;
import io.tenfold.transfer.BaseModelCatalog;
import io.tenfold.transfer.TransferPlan;
import io.tenfold.transfer.TransferPlanner;
import io.tenfold.transfer.TransferStrategy;
import io.tenfold.transfer.TransferStrategyJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs one claimed training job, whatever its strategy (feature extractor, fine-tuning, full
 * training from pretrained or random weights): its {@link TrainingJobPlan} from the spec and the
 * dataset's manifest (the decision recorded in the job), training, the model back to the store.
 * With a frozen boundary the frozen part's features (one set per augmented view) are computed once
 * and kept as a checkpoint; without one (full training) every epoch prepares the images afresh.
 * Resumes from the job's checkpoints when an earlier attempt left some. Every write to the job is
 * conditional on the lease, and the model is recorded in the same transaction that marks the job
 * SUCCEEDED, so a job never yields two models.
 */
@Component
class TrainingJobRunner {

    private static final Logger log = LoggerFactory.getLogger(TrainingJobRunner.class);
    private static final long PROGRESS_INTERVAL_NANOS = 250_000_000L;

    private final DatasetService datasets;
    private final BaseModelCatalog baseModels;
    private final TransferPlanner planner;
    private final JobRepository jobs;
    private final JobCheckpoints checkpoints;
    private final ModelRepository models;
    private final ModelArtifacts artifacts;
    private final TransactionTemplate transaction;
    private final WorkerMetrics workerMetrics;
    private final LoaderOptions loader;
    private final ImageDecoder decoder;

    TrainingJobRunner(DatasetService datasets, BaseModelCatalog baseModels, TransferPlanner planner,
            JobRepository jobs, JobCheckpoints checkpoints, ModelRepository models, ModelArtifacts artifacts,
            TransactionTemplate transaction, WorkerMetrics metrics, WorkerProperties properties, ImageDecoder decoder) {
        this.decoder = decoder.patient();
        this.workerMetrics = metrics;
        this.datasets = datasets;
        this.baseModels = baseModels;
        this.planner = planner;
        this.jobs = jobs;
        this.checkpoints = checkpoints;
        this.models = models;
        this.artifacts = artifacts;
        this.transaction = transaction;
        this.loader = new LoaderOptions(properties.loaderThreads(), properties.prefetchBatches());
    }

    /** Trains and stores the model; returns its id. */
    String run(RunControl control) throws IOException {
        Lease lease = control.lease();
        Job job = jobs.find(lease.jobId()).orElseThrow(() -> new LeaseLostException(lease));
        JobSpec spec = job.spec();
        DatasetManifest dataset = datasets.manifest(spec.datasetId());
        BaseModel base = baseModels.get(spec.baseModel());
        TrainingJobPlan plan = TrainingJobPlan.of(spec, dataset, base, base.load(),
                image -> () -> decoder.decode(datasets.imageBytes(image)), planner, loader);
        TransferStrategy.Decision decision = plan.decision();
        TransferPlan transfer = plan.transfer();
        held(jobs.recordDecision(lease, new Job.StrategyDecision(TransferStrategyJson.write(decision.strategy()),
                decision.reason(), transfer.description())), lease);
        log.info("Job {}: {} ({}); {}", job.id(), decision.strategy(), decision.reason(), transfer.description());

        GraphTrainer trainer = plan.trainer();
        TrainingOptions options = plan.options();
        StratifiedSplit<Example> split = plan.split();
        Listener listener = new Listener(control, spec.epochs());
        TrainingResult result;
        if (trainer.cachesFeatures(options.augmentation())) {
            FeatureCache features = checkpoints.loadFeatures(job.id()).orElse(null);
            if (features == null) {
                log.info("Featurizing {} training images ({} views) and {} validation images through the frozen "
                        + "part", split.training().size(), options.augmentation().cachedViews(),
                        split.validation().size());
                features = trainer.cacheFeatures(split.training(), split.validation(), options, listener);
                checkpoints.saveFeatures(job.id(), features);
            }
            result = trainer.train(features, options, listener, resume(job, lease));
        } else {
            result = trainer.train(split.training(), split.validation(), options, listener, resume(job, lease));
        }
        List<EpochMetrics> history = result.history();
        log.info("Job {}: kept epoch {} of {}{}", job.id(), result.bestEpoch(), history.size(),
                result.stoppedEarly() ? ", stopped early: no lower validation loss for " + spec.patienceEpochs()
                        + " epochs" : "");

        held(jobs.progress(lease, new Job.Progress(Job.Phase.SAVING, spec.epochs(), spec.epochs(), 1.0, null, null)),
                lease);
        String modelId = UUID.randomUUID().toString();
        String strategy = decision.strategy().name();
        artifacts.write(modelId, transfer.graph(), ModelManifest.of(dataset.classes(), base.preprocessing(),
                base.name(), strategy, transfer.description()));
        try {
            transaction.executeWithoutResult(status -> {
                if (!jobs.succeed(lease, modelId)) {
                    throw new LeaseLostException(lease);
                }
                models.insert(modelId, spec.modelName(), job.id(), spec.datasetId(), base.name(), strategy,
                        dataset.classes(), history, Instant.now());
            });
        } catch (RuntimeException e) {
            artifacts.delete(modelId);
            throw e;
        }
        checkpoints.deleteAll(job.id());
        return modelId;
    }

    private TrainingCheckpoint resume(Job job, Lease lease) throws IOException {
        TrainingCheckpoint resume = checkpoints.latestHead(job.id()).orElse(null);
        if (resume != null) {
            held(jobs.resumedFrom(lease, resume.history()), lease);
            log.info("Job {} attempt {}: resuming after epoch {}", job.id(), lease.attempt(), resume.epoch());
        }
        return resume;
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
                held(jobs.progress(lease, new Job.Progress(Job.Phase.FEATURIZING, 0, epochs, 0.0, null, imagesPerSecond)),
                        lease);
            }
        }

        @Override
        public void onBatch(int epoch, double fraction, double loss, double examplesPerSecond) {
            if (due(false)) {
                held(jobs.progress(lease, new Job.Progress(Job.Phase.TRAINING, epoch, epochs, fraction, loss,
                        examplesPerSecond)), lease);
            }
        }

        @Override
        public void onEpoch(EpochMetrics metrics, TrainingCheckpoint checkpoint) {
            workerMetrics.epoch(metrics);
            try {
                checkpoints.saveHead(lease.jobId(), checkpoint);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            held(jobs.recordEpoch(lease, metrics), lease);
            double fraction = metrics.epoch() / (double) epochs;
            held(jobs.progress(lease, new Job.Progress(Job.Phase.TRAINING, metrics.epoch(), epochs, fraction,
                    metrics.trainLoss(), null)), lease);
            log.info("Job {} epoch {}/{}: train loss {}, validation accuracy {} (top-5 {}), {} images/s, data wait {}",
                    lease.jobId(), metrics.epoch(), epochs, metrics.trainLoss(), metrics.validationAccuracy(),
                    metrics.validationTop5Accuracy(), metrics.imagesPerSecond(), metrics.dataWaitFraction());
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
