package io.tenfold.system;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the HTTP API beside Tomcat's own (server.tomcat.*, docs/security.md).
 *
 * @param maxJsonBytes          the largest JSON request body (a job with a long augmentation policy is a few KiB)
 * @param maxEventStreams       job event streams open at once, over all callers
 * @param maxEventStreamsPerKey job event streams one API key (or, without keys, all callers together) may hold
 * @param eventHeartbeat        how long an event stream stays silent before a comment is sent down it
 */
@ConfigurationProperties(prefix = "tenfold.http")
@Validated
public record HttpProperties(
        @NotNull @DefaultValue("1MB") DataSize maxJsonBytes,
        @Positive @DefaultValue("256") int maxEventStreams,
        @Positive @DefaultValue("16") int maxEventStreamsPerKey,
        @NotNull @DefaultValue("15s") Duration eventHeartbeat) {
}
