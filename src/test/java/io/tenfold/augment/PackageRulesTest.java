package io.tenfold.augment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The augment package imports no Spring and draws from no global generator: every sample is seeded (docs/augmentation.md). */
class PackageRulesTest {

    @Test
    void noSpringAndNoGlobalRandomness() throws IOException {
        Path root = Path.of("src/main/java/io/tenfold/augment");
        List<Path> sources;
        try (Stream<Path> files = Files.walk(root)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(sources).hasSizeGreaterThan(10);
        for (Path source : sources) {
            String text = Files.readString(source);
            assertThat(text).as(source.toString())
                    .doesNotContain("org.springframework")
                    .doesNotContain("Math.random")
                    .doesNotContain("new Random(")
                    .doesNotContain("java.util.Random;")
                    .doesNotContain("ThreadLocalRandom");
        }
    }
}
