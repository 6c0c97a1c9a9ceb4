package io.tenfold.worker;

import io.tenfold.storage.ObjectStore;
import io.tenfold.training.EpochMetrics;
import io.tenfold.training.Featurized;
import io.tenfold.training.HeadCheckpoint;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job's resumable state in the object store: the backbone features (computed once per job, the
 * expensive part) and a head checkpoint per epoch. Each is a set of arrays followed by a JSON
 * document written last, so a checkpoint whose JSON exists is complete.
 */
@Component
class JobCheckpoints {

    private record FeaturesIndex(int training, int validation) {
    }

    private record CheckpointState(int epoch, List<EpochMetrics> history) {
    }

    private final ObjectStore store;
    private final JsonMapper json;

    JobCheckpoints(ObjectStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    /** Both sets of features; validation is null when the job keeps no validation split. */
    record Features(Featurized training, Featurized validation) {
    }

    void saveFeatures(String jobId, Features features) throws IOException {
        String prefix = featuresPrefix(jobId);
        putArray(prefix + "training-features.npy", features.training().features());
        putArray(prefix + "training-labels.npy", features.training().labels());
        int validationSize = 0;
        if (features.validation() != null) {
            putArray(prefix + "validation-features.npy", features.validation().features());
            putArray(prefix + "validation-labels.npy", features.validation().labels());
            validationSize = features.validation().size();
        }
        store.put(prefix + "index.json",
                json.writeValueAsBytes(new FeaturesIndex(features.training().size(), validationSize)));
    }

    /** The cached features, if a complete set exists. */
    Optional<Features> loadFeatures(String jobId) throws IOException {
        String prefix = featuresPrefix(jobId);
        if (!store.exists(prefix + "index.json")) {
            return Optional.empty();
        }
        FeaturesIndex index = json.readValue(store.read(prefix + "index.json"), FeaturesIndex.class);
        Featurized training = new Featurized(getArray(prefix + "training-features.npy"),
                getArray(prefix + "training-labels.npy"));
        Featurized validation = index.validation() == 0 ? null
                : new Featurized(getArray(prefix + "validation-features.npy"),
                        getArray(prefix + "validation-labels.npy"));
        if (training.size() != index.training() || (validation != null && validation.size() != index.validation())) {
            return Optional.empty();
        }
        return Optional.of(new Features(training, validation));
    }

    /** Writes the epoch's checkpoint, then drops older ones. */
    void saveHead(String jobId, HeadCheckpoint checkpoint) throws IOException {
        String prefix = checkpointPrefix(jobId, checkpoint.epoch());
        putArray(prefix + "head-parameters.npy", checkpoint.parameters());
        putArray(prefix + "head-updater.npy", checkpoint.updaterState());
        store.put(prefix + "state.json",
                json.writeValueAsBytes(new CheckpointState(checkpoint.epoch(), checkpoint.history())));
        for (String key : store.list(checkpointsPrefix(jobId))) {
            if (key.endsWith("/state.json") && !key.startsWith(prefix)) {
                store.deleteAll(key.substring(0, key.length() - "/state.json".length()));
            }
        }
    }

    /** The newest complete head checkpoint. */
    Optional<HeadCheckpoint> latestHead(String jobId) throws IOException {
        List<String> complete = store.list(checkpointsPrefix(jobId)).stream()
                .filter(key -> key.endsWith("/state.json"))
                .sorted()
                .toList();
        if (complete.isEmpty()) {
            return Optional.empty();
        }
        String stateKey = complete.get(complete.size() - 1);
        String prefix = stateKey.substring(0, stateKey.length() - "state.json".length());
        CheckpointState state = json.readValue(store.read(stateKey), CheckpointState.class);
        return Optional.of(new HeadCheckpoint(state.epoch(), getArray(prefix + "head-parameters.npy"),
                getArray(prefix + "head-updater.npy"), state.history()));
    }

    void deleteAll(String jobId) throws IOException {
        store.deleteAll("jobs/" + jobId);
    }

    private void putArray(String key, INDArray array) throws IOException {
        store.put(key, Nd4j.toNpyByteArray(array));
    }

    private INDArray getArray(String key) throws IOException {
        return Nd4j.createNpyFromByteArray(store.read(key));
    }

    private static String featuresPrefix(String jobId) {
        return "jobs/" + jobId + "/features/";
    }

    private static String checkpointsPrefix(String jobId) {
        return "jobs/" + jobId + "/checkpoints/";
    }

    private static String checkpointPrefix(String jobId, int epoch) {
        return checkpointsPrefix(jobId) + "epoch-%06d/".formatted(epoch);
    }
}
