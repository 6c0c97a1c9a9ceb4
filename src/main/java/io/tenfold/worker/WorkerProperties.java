package io.tenfold.worker;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** How often an idle worker looks for queued jobs. */
@ConfigurationProperties(prefix = "tenfold.worker")
@Validated
public record WorkerProperties(@NotNull @DefaultValue("1s") Duration pollInterval) {
}
