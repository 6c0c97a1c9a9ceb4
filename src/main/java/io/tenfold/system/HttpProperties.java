package io.tenfold.system;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the HTTP API beside Tomcat's own (server.tomcat.*, docs/security.md).
 *
 * @param maxJsonBytes the largest JSON request body (a job with a long augmentation policy is a few KiB)
 */
@ConfigurationProperties(prefix = "tenfold.http")
@Validated
public record HttpProperties(@NotNull @DefaultValue("1MB") DataSize maxJsonBytes) {
}
