package io.tenfold.api;

import io.tenfold.jobs.Job;
import io.tenfold.jobs.JobSpec;
import io.tenfold.jobs.JobState;
import io.tenfold.training.EpochMetrics;
import java.time.Instant;
import java.util.List;

record JobResponse(String id, JobState state, JobSpec spec, Progress progress, List<EpochMetrics> metrics,
        String modelId, String error, Instant createdAt, Instant startedAt, Instant finishedAt) {

    record Progress(int epoch, int epochs, double fraction) {
    }

    static JobResponse of(Job job) {
        return new JobResponse(job.id(), job.state(), job.spec(),
                new Progress(job.epoch(), job.spec().epochs(), job.fraction()), job.metrics(), job.modelId(),
                job.error(), job.createdAt(), job.startedAt(), job.finishedAt());
    }
}
