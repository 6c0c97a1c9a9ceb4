package io.tenfold.dataset;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Limits on uploaded datasets; the multipart size limit is spring.servlet.multipart.max-file-size. */
@ConfigurationProperties(prefix = "tenfold.datasets")
@Validated
public record DatasetProperties(
        @Positive @DefaultValue("2147483648") long maxUncompressedBytes,
        @Positive @DefaultValue("200000") int maxImages,
        @Positive @DefaultValue("20971520") long maxImageBytes,
        @Positive @DefaultValue("40000000") long maxImagePixels) {
}
