package io.tenfold.jobs;

import io.tenfold.augment.AugmentationPolicy;
import io.tenfold.dataset.DatasetService;
import io.tenfold.system.NotFoundException;
import io.tenfold.system.Problems;
import io.tenfold.transfer.BaseModel;
import io.tenfold.transfer.BaseModelCatalog;
import io.tenfold.transfer.TransferStrategy;
import io.tenfold.transfer.TransferStrategyJson;
import java.time.Instant;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Queues fine-tuning jobs after checking everything that can be checked before training starts. */
@Service
public class JobService {

    private final JobRepository jobs;
    private final DatasetService datasets;
    private final BaseModelCatalog baseModels;
    private final JobsProperties properties;
    private final JsonMapper json;

    JobService(JobRepository jobs, DatasetService datasets, BaseModelCatalog baseModels, JobsProperties properties,
            JsonMapper json) {
        this.json = json;
        this.jobs = jobs;
        this.datasets = datasets;
        this.baseModels = baseModels;
        this.properties = properties;
    }

    /** The job created, and whether it is new (false: an earlier request with the same idempotency key made it). */
    public record Created(Job job, boolean isNew) {
    }

    /**
     * Validates the spec (base model, strategy for that model, augmentation at its input size), then
     * queues it with strategy and augmentation in canonical form, so the same request always makes
     * an equal spec.
     */
    public Created create(JobSpec spec, String idempotencyKey) {
        spec = validated(spec);
        if (idempotencyKey != null) {
            var earlier = jobs.findByIdempotencyKey(idempotencyKey);
            if (earlier.isPresent()) {
                return new Created(sameRequest(earlier.get(), spec, idempotencyKey), false);
            }
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

    private JobSpec validated(JobSpec spec) {
        BaseModel base = baseModels.get(spec.baseModel());
        TransferStrategy strategy = spec.transferStrategy(base);
        AugmentationPolicy policy = spec.augmentationPolicy(base.preprocessing().inputSize());
        JsonNode augmentation = spec.augmentation() == null || spec.augmentation().isString()
                ? spec.augmentation()
                : json.readTree(policy.toJson());
        return spec.withTraining(canonical(TransferStrategyJson.write(strategy)), augmentation);
    }

    /** The node as it reads back from storage, so that equal requests make equal specs before and after. */
    private JsonNode canonical(JsonNode node) {
        return json.readTree(json.writeValueAsString(node));
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
