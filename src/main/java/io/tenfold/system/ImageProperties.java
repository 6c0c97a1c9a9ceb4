package io.tenfold.system;

import io.tenfold.image.ImageLimits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The limits every image meets before it is decoded, the same wherever it arrives: in an uploaded
 * dataset, read back for training, or sent to classification.
 *
 * @param maxBytes  the largest encoded image
 * @param maxPixels the most pixels (width times height, read from the header before decoding)
 */
@ConfigurationProperties(prefix = "tenfold.images")
@Validated
public record ImageProperties(
        @NotNull @DefaultValue("20MB") DataSize maxBytes,
        @Positive @DefaultValue("40000000") long maxPixels) {

    public ImageLimits limits() {
        return new ImageLimits(maxBytes.toBytes(), maxPixels);
    }
}
