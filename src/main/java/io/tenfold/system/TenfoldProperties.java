package io.tenfold.system;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Process-wide settings.
 *
 * @param dataDir where the embedded default keeps its database and objects
 * @param role    all (API and worker), api (never trains) or worker (no API)
 */
@ConfigurationProperties(prefix = "tenfold")
@Validated
public record TenfoldProperties(
        @NotNull @DefaultValue("./data") Path dataDir,
        @NotNull @DefaultValue("all") Role role) {
}
