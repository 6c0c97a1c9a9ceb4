package io.tenfold.inference;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Limits of the classification endpoints. */
@ConfigurationProperties(prefix = "tenfold.inference")
@Validated
public record InferenceProperties(
        @Positive @Max(64) @DefaultValue("4") int cachedModels,
        @Positive @DefaultValue("20971520") long maxImageBytes,
        @Positive @DefaultValue("40000000") long maxImagePixels) {
}
