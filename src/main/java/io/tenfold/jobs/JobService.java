package io.tenfold.jobs;

import io.tenfold.dataset.DatasetService;
import io.tenfold.system.InvalidRequestException;
import io.tenfold.system.NotFoundException;
import io.tenfold.transfer.BaseModelCatalog;
import io.tenfold.transfer.FeatureExtractorStrategy;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

/** Queues fine-tuning jobs after checking everything that can be checked before training starts. */
@Service
public class JobService {

    public static final List<String> STRATEGIES = List.of(FeatureExtractorStrategy.NAME);

    private final JobRepository jobs;
    private final DatasetService datasets;
    private final BaseModelCatalog baseModels;

    JobService(JobRepository jobs, DatasetService datasets, BaseModelCatalog baseModels) {
        this.jobs = jobs;
        this.datasets = datasets;
        this.baseModels = baseModels;
    }

    public Job create(JobSpec spec) {
        if (!baseModels.names().contains(spec.baseModel())) {
            throw new InvalidRequestException("baseModel", "unknown base model '%s'; known: %s"
                    .formatted(spec.baseModel(), String.join(", ", baseModels.names())));
        }
        if (!STRATEGIES.contains(spec.strategy())) {
            throw new InvalidRequestException("strategy", "unknown strategy '%s'; known: %s"
                    .formatted(spec.strategy(), String.join(", ", STRATEGIES)));
        }
        datasets.get(spec.datasetId());
        String id = UUID.randomUUID().toString();
        jobs.insert(id, spec, Instant.now());
        return get(id);
    }

    public Job get(String id) {
        return jobs.find(id).orElseThrow(() -> new NotFoundException("job", id));
    }

    public List<Job> list() {
        return jobs.list();
    }

    public Job cancel(String id) {
        Job job = get(id);
        if (!jobs.requestCancel(id)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                    "Job %s has already ended (%s).".formatted(id, job.state()));
            problem.setTitle("Job already ended");
            throw new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
        }
        return get(id);
    }
}
