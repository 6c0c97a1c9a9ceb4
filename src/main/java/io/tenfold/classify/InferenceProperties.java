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
 * Limits and batching of the classification endpoints (docs/serving.md). Image limits are
 * {@code tenfold.images.*}, the same for every way an image arrives.
 *
 * @param cacheBudget        memory charged to models kept in memory (every replica's parameters and a
 *                           full pass's activations); the least recently used are retired beyond it
 * @param replicas           network copies per model, each on a runner thread of its own
 * @param batching           share forward passes between concurrent requests; false gives every request
 *                           passes of its own (the baseline batching is measured against)
 * @param maxBatchDelay      longest a request waits for others to share its pass
 * @param maxQueuedViews     most views waiting for a model's network; a request beyond it is refused with
 *                           503 and Retry-After
 * @param maxBatchImages     most images in one /classify/batch request
 * @param maxViewsPerPass    most views in one forward pass; at least the most one image can have
 *                           (multi-scale with six scales: 60), so one image's views go through together
 * @param maxViewsPerRequest most views (a policy's views times the images) in one request
 * @param foldBatchNorm      serve each model with its batch norms folded into its convolutions, checked
 *                           against the trained network at load; false serves the graph as trained
 * @param requestTimeout     longest a request waits for the network, queue and pass together; beyond it
 *                           the answer is 503 with Retry-After
 */
@ConfigurationProperties(prefix = "tenfold.inference")
@Validated
public record InferenceProperties(
        @NotNull @DefaultValue("2GB") DataSize cacheBudget,
        @Positive @Max(16) @DefaultValue("1") int replicas,
        @DefaultValue("true") boolean batching,
        @NotNull @DefaultValue("5ms") Duration maxBatchDelay,
        @Positive @DefaultValue("640") int maxQueuedViews,
        @Positive @Max(1024) @DefaultValue("32") int maxBatchImages,
        @Min(60) @DefaultValue("64") int maxViewsPerPass,
        @Positive @DefaultValue("320") int maxViewsPerRequest,
        @DefaultValue("true") boolean foldBatchNorm,
        @NotNull @DefaultValue("60s") Duration requestTimeout) {
}
