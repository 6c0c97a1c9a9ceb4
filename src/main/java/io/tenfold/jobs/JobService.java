package io.tenfold.jobs;

import io.tenfold.dataset.DatasetService;
import io.tenfold.system.InvalidRequestException;
import io.tenfold.system.NotFoundException;
import io.tenfold.system.Problems;
import io.tenfold.transfer.BaseModelCatalog;
import io.tenfold.transfer.FeatureExtractorStrategy;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/** Queues fine-tuning jobs after checking everything that can be checked before training starts. */
@Service
public class JobService {

    public static final List<String> STRATEGIES = List.of(FeatureExtractorStrategy.NAME);

    private final JobRepository jobs;
    private final DatasetService datasets;
    private final BaseModelCatalog baseModels;
    private final JobsProperties properties;

    JobService(JobRepository jobs, DatasetService datasets, BaseModelCatalog baseModels, JobsProperties properties) {
        this.jobs = jobs;
        this.datasets = datasets;
        this.baseModels = baseModels;
        this.properties = properties;
    }

    /** The job created, and whether it is new (false: an earlier request with the same idempotency key made it). */
    public record Created(Job job, boolean isNew) {
    }

    public Created create(JobSpec spec, String idempotencyKey) {
        if (idempotencyKey != null) {
            var earlier = jobs.findByIdempotencyKey(idempotencyKey);
            if (earlier.isPresent()) {
                return new Created(sameRequest(earlier.get(), spec, idempotencyKey), false);
            }
        }
        if (!baseModels.names().contains(spec.baseModel())) {
            throw new InvalidRequestException("baseModel", "unknown base model '%s'; known: %s"
                    .formatted(spec.baseModel(), String.join(", ", baseModels.names())));
        }
        if (!STRATEGIES.contains(spec.strategy())) {
            throw new InvalidRequestException("strategy", "unknown strategy '%s'; known: %s"
                    .formatted(spec.strategy(), String.join(", ", STRATEGIES)));
        }
        var dataset = datasets.get(spec.datasetId());
        if (dataset.deletedAt() != null) {
            throw Problems.conflict("Dataset deleted", "Dataset %s has been deleted; upload it again to train on it."
                    .formatted(spec.datasetId()));
        }
        if (spec.modelName() == null) {
            spec = spec.withModelName(ModelNames.from(dataset.name()));
        }
        String id = UUID.randomUUID().toString();
        try {
            jobs.insert(id, spec, idempotencyKey, properties.maxAttempts(), Instant.now());
        } catch (DuplicateKeyException raced) {
            return new Created(sameRequest(jobs.findByIdempotencyKey(idempotencyKey).orElseThrow(), spec,
                    idempotencyKey), false);
        }
        return new Created(get(id), true);
    }

    public Job get(String id) {
        return jobs.find(id).orElseThrow(() -> new NotFoundException("job", id));
    }

    public JobPage page(JobState state, int page, int size) {
        return jobs.page(state, page, size);
    }

    public Job cancel(String id) {
        Job job = get(id);
        if (!jobs.requestCancel(id)) {
            throw Problems.conflict("Job already ended", "Job %s has already ended (%s).".formatted(id, job.state()));
        }
        return get(id);
    }

    public Job retry(String id) {
        Job job = get(id);
        if (!jobs.retry(id)) {
            throw Problems.conflict("Job cannot be retried",
                    "Only FAILED or CANCELLED jobs can be retried; job %s is %s.".formatted(id, job.state()));
        }
        return get(id);
    }

    private static Job sameRequest(Job earlier, JobSpec spec, String key) {
        JobSpec comparable = spec.modelName() == null ? spec.withModelName(earlier.spec().modelName()) : spec;
        if (!earlier.spec().equals(comparable)) {
            throw Problems.conflict("Idempotency key reused",
                    "Idempotency key '%s' was used for job %s with a different request.".formatted(key, earlier.id()));
        }
        return earlier;
    }
}
