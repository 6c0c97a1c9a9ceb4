package io.tenfold.worker;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** What the worker reports to Prometheus: job and epoch durations, featurisation speed and data wait. */
@Component
class WorkerMetrics {

    private final MeterRegistry registry;
    private final Timer epochs;
    private final DistributionSummary imagesPerSecond;
    private final DistributionSummary dataWait;

    WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.epochs = Timer.builder("tenfold.job.epoch").description("Time of one training epoch")
                .publishPercentileHistogram().register(registry);
        this.imagesPerSecond = DistributionSummary.builder("tenfold.job.featurize.images.per.second")
                .description("Images per second through the frozen backbone, per job").register(registry);
        this.dataWait = DistributionSummary.builder("tenfold.job.data.wait.fraction")
                .description("Share of featurisation time spent decoding and preparing images, per job")
                .register(registry);
    }

    void epoch(double seconds) {
        epochs.record(Duration.ofNanos((long) (seconds * 1e9)));
    }

    void featurized(int images, double perSecond, double dataWaitFraction) {
        imagesPerSecond.record(perSecond);
        dataWait.record(dataWaitFraction);
    }

    void jobFinished(String outcome, long nanos) {
        Timer.builder("tenfold.job.duration").description("Wall time of a job attempt, by outcome")
                .tag("outcome", outcome).register(registry).record(Duration.ofNanos(nanos));
    }
}
