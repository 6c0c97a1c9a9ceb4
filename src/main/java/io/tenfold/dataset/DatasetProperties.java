package io.tenfold.dataset;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on uploaded datasets; the upload's own size is spring.servlet.multipart.max-file-size,
 * each image's is {@code tenfold.images.*}.
 *
 * @param maxUncompressedBytes the most bytes a dataset zip may expand to, counted as it is read
 * @param maxImages            the most files in one zip
 */
@ConfigurationProperties(prefix = "tenfold.datasets")
@Validated
public record DatasetProperties(
        @Positive @DefaultValue("2147483648") long maxUncompressedBytes,
        @Positive @DefaultValue("200000") int maxImages) {
}
