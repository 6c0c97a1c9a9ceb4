package io.tenfold.jobs;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tenfold.jobs.JobPage;
import io.tenfold.jobs.JobService;
import io.tenfold.jobs.JobState;
import io.tenfold.system.PageResponse;
import io.tenfold.system.Paging;
import io.tenfold.system.ServesApi;
import io.tenfold.validation.InvalidFieldException;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@ServesApi
@RequestMapping("/api/v1/jobs")
@Tag(name = "Jobs", description = "Fine-tuning jobs, run by a worker")
class JobController {

    private final JobService jobs;
    private final JobEvents events;

    JobController(JobService jobs, JobEvents events) {
        this.jobs = jobs;
        this.events = events;
    }

    @PostMapping
    @Operation(summary = "Queue a fine-tuning job",
            description = "202 with the new job. With an Idempotency-Key header, repeating the request returns "
                    + "the job the first one created (200); the same key with a different body is a 409.")
    ResponseEntity<JobResponse> create(@Valid @RequestBody JobRequest request,
            @Parameter(description = "Any unique string chosen by the client, at most 255 characters")
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 255)) {
            throw new InvalidFieldException("Idempotency-Key", "must be 1 to 255 characters");
        }
        JobService.Created created = jobs.create(request.toSpec(), idempotencyKey);
        return ResponseEntity.status(created.isNew() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .body(JobResponse.of(created.job()));
    }

    @GetMapping
    @Operation(summary = "List jobs, newest first, optionally of one state")
    PageResponse<JobResponse> list(@RequestParam(required = false) JobState state,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        Paging.check(page, size);
        JobPage result = jobs.page(state, page, size);
        return new PageResponse<>(result.items().stream().map(JobResponse::of).toList(), result.page(),
                result.size(), result.total());
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a job: state, queue position, progress, per-epoch metrics, model or error")
    JobResponse get(@PathVariable String id) {
        return JobResponse.of(jobs.get(id));
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Stream a job's progress as server-sent events",
            description = "Events: progress (phase, epoch, fraction, loss, images/s), epoch (metrics of each "
                    + "finished epoch), state (the final job; the stream then ends). Each event's id is the number of "
                    + "epochs sent so far; reconnect with Last-Event-ID to resume. A comment every 15 s keeps a quiet "
                    + "stream alive. At most 16 streams per API key (503 beyond).")
    SseEmitter events(@PathVariable String id, java.security.Principal caller,
            @Parameter(description = "The id of the last event received (an epoch count): a reconnecting client gets "
                    + "only the epochs after it") @RequestHeader(name = "Last-Event-ID", required = false)
            String lastEventId) {
        return events.stream(id, caller == null ? null : caller.getName(), lastEventId);
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a job", description = "A queued job is cancelled at once; a running one stops "
            + "before its next batch. 409 if it has already ended.")
    JobResponse cancel(@PathVariable String id) {
        return JobResponse.of(jobs.cancel(id));
    }

    @PostMapping("/{id}/retry")
    @Operation(summary = "Retry a failed or cancelled job",
            description = "Queues it again with fresh attempts; it resumes from its last checkpoint if it has one.")
    JobResponse retry(@PathVariable String id) {
        return JobResponse.of(jobs.retry(id));
    }
}
