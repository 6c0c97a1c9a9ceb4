package io.tenfold.worker;

import io.tenfold.storage.Artifact;
import io.tenfold.storage.ArtifactStore;
import io.tenfold.storage.ArtifactWriter;
import io.tenfold.storage.ObjectStore;
import io.tenfold.training.EpochMetrics;
import io.tenfold.training.FeatureCache;
import io.tenfold.training.Featurized;
import io.tenfold.training.TrainingCheckpoint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.springframework.stereotype.Component;

/**
 * A job's resumable state in the object store, as verified artifacts (data, then a manifest with
 * sizes and SHA-256, written last): the backbone features, computed once per job (the expensive
 * part; one set per cached training view), and a training checkpoint per epoch, of which only the
 * newest is kept.
 */
@Component
class JobCheckpoints {

    private record FeaturesIndex(int training, int validation, Integer views) {
    }

    private record CheckpointState(int epoch, List<EpochMetrics> history, Integer iterations, Integer bestEpoch,
            Integer epochsWithoutImprovement) {
    }

    private final ArtifactStore artifacts;
    private final ObjectStore store;

    JobCheckpoints(ArtifactStore artifacts, ObjectStore store) {
        this.artifacts = artifacts;
        this.store = store;
    }

    void saveFeatures(String jobId, FeatureCache features) throws IOException {
        ArtifactWriter writer = artifacts.create(featuresPrefix(jobId));
        List<Featurized> views = features.trainingViews();
        for (int v = 0; v < views.size(); v++) {
            writer.put(trainingFeaturesName(v), npy(views.get(v).features()));
        }
        writer.put("training-labels.npy", npy(views.get(0).labels()));
        int validationSize = 0;
        if (features.validation() != null) {
            writer.put("validation-features.npy", npy(features.validation().features()));
            writer.put("validation-labels.npy", npy(features.validation().labels()));
            validationSize = features.validation().size();
        }
        writer.commit(new FeaturesIndex(features.trainingSize(), validationSize, views.size()));
    }

    /** The cached features, if a complete and intact set exists. */
    Optional<FeatureCache> loadFeatures(String jobId) throws IOException {
        Optional<Artifact> found = artifacts.find(featuresPrefix(jobId));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Artifact artifact = found.get();
        FeaturesIndex index = artifact.metadata(FeaturesIndex.class);
        INDArray labels = array(artifact, "training-labels.npy");
        List<Featurized> views = new ArrayList<>();
        for (int v = 0; v < (index.views() == null ? 1 : index.views()); v++) {
            views.add(new Featurized(array(artifact, trainingFeaturesName(v)), labels));
        }
        Featurized validation = index.validation() == 0 ? null
                : new Featurized(array(artifact, "validation-features.npy"), array(artifact, "validation-labels.npy"));
        return Optional.of(new FeatureCache(views, validation));
    }

    /** Writes the epoch's checkpoint, then drops older ones. */
    void saveHead(String jobId, TrainingCheckpoint checkpoint) throws IOException {
        String prefix = checkpointPrefix(jobId, checkpoint.epoch());
        ArtifactWriter writer = artifacts.create(prefix);
        writer.put("head-parameters.npy", npy(checkpoint.parameters()));
        writer.put("head-updater.npy", npy(checkpoint.updaterState()));
        if (checkpoint.bestParameters() != null) {
            writer.put("best-parameters.npy", npy(checkpoint.bestParameters()));
        }
        writer.commit(new CheckpointState(checkpoint.epoch(), checkpoint.history(), checkpoint.iterations(),
                checkpoint.bestEpoch(), checkpoint.epochsWithoutImprovement()));
        for (String older : checkpointPrefixes(jobId)) {
            if (!older.equals(prefix)) {
                artifacts.delete(older);
            }
        }
    }

    /** The newest complete training checkpoint. */
    Optional<TrainingCheckpoint> latestHead(String jobId) throws IOException {
        List<String> prefixes = checkpointPrefixes(jobId);
        for (int i = prefixes.size() - 1; i >= 0; i--) {
            Optional<Artifact> found = artifacts.find(prefixes.get(i));
            if (found.isPresent()) {
                Artifact artifact = found.get();
                CheckpointState state = artifact.metadata(CheckpointState.class);
                INDArray best = state.bestEpoch() == null || state.bestEpoch() == 0 ? null
                        : array(artifact, "best-parameters.npy");
                return Optional.of(new TrainingCheckpoint(state.epoch(), array(artifact, "head-parameters.npy"),
                        array(artifact, "head-updater.npy"), orZero(state.iterations()), state.history(),
                        orZero(state.bestEpoch()), best, orZero(state.epochsWithoutImprovement())));
            }
        }
        return Optional.empty();
    }

    void deleteAll(String jobId) throws IOException {
        for (String prefix : checkpointPrefixes(jobId)) {
            artifacts.delete(prefix);
        }
        artifacts.delete(featuresPrefix(jobId));
    }

    /** Checkpoint folders of the job, oldest first (their names sort by epoch). */
    private List<String> checkpointPrefixes(String jobId) throws IOException {
        String root = "jobs/" + jobId + "/checkpoints/";
        return store.list(root).stream()
                .map(key -> key.substring(0, key.indexOf('/', root.length())))
                .distinct()
                .sorted()
                .toList();
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static String trainingFeaturesName(int view) {
        return view == 0 ? "training-features.npy" : "training-features-view-%d.npy".formatted(view);
    }

    private static byte[] npy(INDArray array) {
        return Nd4j.toNpyByteArray(array);
    }

    private static INDArray array(Artifact artifact, String name) throws IOException {
        return Nd4j.createNpyFromByteArray(artifact.read(name));
    }

    private static String featuresPrefix(String jobId) {
        return "jobs/" + jobId + "/features";
    }

    private static String checkpointPrefix(String jobId, int epoch) {
        return "jobs/" + jobId + "/checkpoints/epoch-%06d".formatted(epoch);
    }
}
