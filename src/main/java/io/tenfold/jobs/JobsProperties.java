package io.tenfold.jobs;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The job queue's settings.
 *
 * @param maxAttempts times a job is started before a worker's repeated death fails it
 */
@ConfigurationProperties(prefix = "tenfold.jobs")
@Validated
public record JobsProperties(@Min(1) @Max(100) @DefaultValue("3") int maxAttempts) {
}
