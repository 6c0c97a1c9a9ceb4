package io.tenfold.worker;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tenfold.training.EpochMetrics;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * What the worker reports to Prometheus: job and epoch durations, featurisation speed and data wait,
 * and each epoch's training throughput and data wait.
 */
@Component
class WorkerMetrics {

    private final MeterRegistry registry;
    private final Timer epochs;
    private final DistributionSummary imagesPerSecond;
    private final DistributionSummary dataWait;
    private final DistributionSummary epochImagesPerSecond;
    private final DistributionSummary epochDataWait;

    WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.epochs = Timer.builder("tenfold.job.epoch").description("Time of one training epoch")
                .publishPercentileHistogram().register(registry);
        this.imagesPerSecond = DistributionSummary.builder("tenfold.job.featurize.images.per.second")
                .description("Images per second through the frozen backbone, per job").register(registry);
        this.dataWait = DistributionSummary.builder("tenfold.job.data.wait.fraction")
                .description("Share of featurisation time spent decoding and preparing images, per job")
                .register(registry);
        this.epochImagesPerSecond = DistributionSummary.builder("tenfold.job.epoch.images.per.second")
                .description("Training images per second of an epoch (cached features or images)").register(registry);
        this.epochDataWait = DistributionSummary.builder("tenfold.job.epoch.data.wait.fraction")
                .description("Share of an epoch's training phase spent waiting for data").register(registry);
    }

    void epoch(EpochMetrics metrics) {
        epochs.record(Duration.ofNanos((long) (metrics.seconds() * 1e9)));
        if (metrics.imagesPerSecond() != null) {
            epochImagesPerSecond.record(metrics.imagesPerSecond());
        }
        if (metrics.dataWaitFraction() != null) {
            epochDataWait.record(metrics.dataWaitFraction());
        }
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
