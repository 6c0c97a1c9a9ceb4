package io.tenfold.jobs;

import io.tenfold.jobs.Job;
import io.tenfold.jobs.JobSpec;
import io.tenfold.jobs.JobState;
import io.tenfold.training.EpochMetrics;
import java.time.Instant;
import java.util.List;

record JobResponse(String id, JobState state, Integer queuePosition, JobSpec spec, Job.Progress progress,
        List<EpochMetrics> metrics, Job.StrategyDecision strategyDecision, int attempt, int maxAttempts,
        Integer resumedFromEpoch, String modelId, String error, boolean cancelRequested, String worker,
        Instant createdAt, Instant startedAt, Instant finishedAt) {

    static JobResponse of(Job job) {
        return new JobResponse(job.id(), job.state(), job.queuePosition(), job.spec(), job.progress(), job.metrics(),
                job.strategyDecision(), job.attempt(), job.maxAttempts(), job.resumedFromEpoch(), job.modelId(),
                job.error(), job.cancelRequested(), job.worker(), job.createdAt(), job.startedAt(), job.finishedAt());
    }
}
