package io.tenfold.dataset;

import java.time.Instant;
import java.util.List;

/** An uploaded, validated image set. {@code classCounts} follows the order of {@code classes}. */
public record Dataset(String id, String name, List<String> classes, List<Integer> classCounts, int imageCount,
        Instant createdAt) {
}
