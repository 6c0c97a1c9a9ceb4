package io.tenfold.inference;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the classification endpoints. {@code maxViewsPerPass} bounds one forward pass; it must
 * hold the most views one image can have (multi-scale with six scales: 60), so that one image's
 * views always go through the network together.
 */
@ConfigurationProperties(prefix = "tenfold.inference")
@Validated
public record InferenceProperties(
        @Positive @Max(64) @DefaultValue("4") int cachedModels,
        @Positive @DefaultValue("20971520") long maxImageBytes,
        @Positive @DefaultValue("40000000") long maxImagePixels,
        @Positive @Max(1024) @DefaultValue("32") int maxBatchImages,
        @Min(60) @DefaultValue("64") int maxViewsPerPass,
        @Positive @DefaultValue("320") int maxViewsPerRequest) {
}
