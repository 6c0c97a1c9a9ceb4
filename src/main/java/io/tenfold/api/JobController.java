package io.tenfold.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tenfold.jobs.JobService;
import jakarta.validation.Valid;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/jobs")
@Tag(name = "Jobs", description = "Fine-tuning jobs, run by a worker")
class JobController {

    private final JobService jobs;

    JobController(JobService jobs) {
        this.jobs = jobs;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Queue a fine-tuning job")
    JobResponse create(@Valid @RequestBody JobRequest request) {
        return JobResponse.of(jobs.create(request.toSpec()));
    }

    @GetMapping
    @Operation(summary = "List jobs, newest first")
    List<JobResponse> list() {
        return jobs.list().stream().map(JobResponse::of).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a job's state, progress and per-epoch metrics")
    JobResponse get(@PathVariable String id) {
        return JobResponse.of(jobs.get(id));
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a job", description = "A queued job is cancelled at once; a running one stops "
            + "before its next batch.")
    JobResponse cancel(@PathVariable String id) {
        return JobResponse.of(jobs.cancel(id));
    }
}
