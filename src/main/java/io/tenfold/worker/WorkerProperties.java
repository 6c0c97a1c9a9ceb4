package io.tenfold.worker;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a worker polls and holds jobs. A lease not renewed within {@code leaseDuration} (the worker
 * died) lets another worker take the job; heartbeats renew it every third of that.
 *
 * @param pollInterval    how often an idle worker looks for a queued job, and a busy one for a cancel
 * @param leaseDuration   how long a job stays this worker's without a heartbeat
 * @param id              the worker's name in the jobs table; empty for host/pid/random
 * @param loaderThreads   threads that decode and augment training images
 * @param prefetchBatches batches those threads may prepare ahead of training
 * @param transientRetries times a job is run again, from its checkpoints, while the database or object
 *                         store is away, before it goes back to the queue with its attempt counted
 * @param transientBackoff the pause before the first of those runs; it doubles with each
 */
@ConfigurationProperties(prefix = "tenfold.worker")
@Validated
public record WorkerProperties(
        @NotNull @DefaultValue("1s") Duration pollInterval,
        @NotNull @DefaultValue("60s") Duration leaseDuration,
        @DefaultValue("") String id,
        @Min(1) @Max(64) @DefaultValue("2") int loaderThreads,
        @Min(1) @Max(64) @DefaultValue("2") int prefetchBatches,
        @Min(0) @Max(100) @DefaultValue("3") int transientRetries,
        @NotNull @DefaultValue("5s") Duration transientBackoff) {

    public Duration heartbeatInterval() {
        return leaseDuration.dividedBy(3);
    }
}
