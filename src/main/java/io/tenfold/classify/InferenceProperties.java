package io.tenfold.classify;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits and batching of the classification endpoints. {@code maxViewsPerPass} bounds one forward
 * pass, which the dynamic batcher fills from concurrent requests; it must hold the most views one
 * image can have (multi-scale with six scales: 60), so that one image's views always go through
 * the network together. {@code batching=false} gives every request passes of its own.
 * {@code foldBatchNorm} serves each model with its batch norms folded into its convolutions
 * ({@link BatchNormFolding}); false serves the graph as trained.
 */
@ConfigurationProperties(prefix = "tenfold.inference")
@Validated
public record InferenceProperties(
        @NotNull @DefaultValue("2GB") DataSize cacheBudget,
        @Positive @Max(16) @DefaultValue("1") int replicas,
        @DefaultValue("true") boolean batching,
        @NotNull @DefaultValue("5ms") Duration maxBatchDelay,
        @Positive @DefaultValue("640") int maxQueuedViews,
        @Positive @DefaultValue("20971520") long maxImageBytes,
        @Positive @DefaultValue("40000000") long maxImagePixels,
        @Positive @Max(1024) @DefaultValue("32") int maxBatchImages,
        @Min(60) @DefaultValue("64") int maxViewsPerPass,
        @Positive @DefaultValue("320") int maxViewsPerRequest,
        @DefaultValue("true") boolean foldBatchNorm) {
}
