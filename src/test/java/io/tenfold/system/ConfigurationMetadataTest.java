package io.tenfold.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@code tenfold.*} key is described in the metadata the configuration processor writes (what
 * IDEs and operators read), and every key the README's configuration table names exists.
 */
class ConfigurationMetadataTest {

    @Test
    void everyKeyHasADescriptionAndTheReadmeNamesOnlyRealKeys() throws Exception {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("the configuration processor's metadata").isNotNull();
            metadata = JsonMapper.builder().build().readTree(in);
        }
        List<String> undescribed = new ArrayList<>();
        Set<String> keys = new java.util.HashSet<>();
        for (JsonNode property : metadata.get("properties")) {
            String name = property.get("name").asString();
            if (name.startsWith("tenfold.")) {
                keys.add(name);
                JsonNode description = property.get("description");
                if (description == null || description.asString().isBlank()) {
                    undescribed.add(name);
                }
            }
        }
        assertThat(keys).hasSizeGreaterThan(30);
        assertThat(undescribed).as("keys without a description").isEmpty();

        Matcher row = Pattern.compile("^\\| `(tenfold\\.[a-z0-9.-]+)`", Pattern.MULTILINE)
                .matcher(Files.readString(Path.of("README.md")));
        List<String> documented = new ArrayList<>();
        while (row.find()) {
            documented.add(row.group(1));
        }
        assertThat(documented).hasSizeGreaterThan(10);
        Set<String> prefixes = keys.stream().map(k -> k.substring(0, k.lastIndexOf('.'))).collect(Collectors.toSet());
        for (String key : documented) {
            assertThat(keys.contains(key) || prefixes.contains(key)).as("README names %s", key).isTrue();
        }
    }
}
