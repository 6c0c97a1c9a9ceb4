package io.tenfold.system;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Process-wide settings: where data lives and which role this process plays. */
@ConfigurationProperties(prefix = "tenfold")
@Validated
public record TenfoldProperties(
        @NotNull @DefaultValue("./data") Path dataDir,
        @NotNull @DefaultValue("all") Role role) {
}
