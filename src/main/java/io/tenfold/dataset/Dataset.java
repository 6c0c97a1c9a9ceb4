package io.tenfold.dataset;

import java.time.Instant;
import java.util.List;

/**
 * An uploaded, validated image set. {@code classCounts} follows the order of {@code classes};
 * {@code deletedAt} is set once its images are gone (the row stays for the jobs that name it).
 */
public record Dataset(String id, String name, List<String> classes, List<Integer> classCounts, int imageCount,
        ImageSizes imageSizes, Instant createdAt, Instant deletedAt) {
}
