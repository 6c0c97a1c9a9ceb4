package io.tenfold.dataset;

import io.tenfold.dataset.Dataset;
import io.tenfold.dataset.DatasetService;
import io.tenfold.dataset.ImageSizes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

record DatasetResponse(String id, String name, List<String> classes, List<ClassCount> classCounts, int imageCount,
        ImageSizes imageSizes, List<DatasetService.Skipped> skipped, Instant createdAt) {

    record ClassCount(String label, int images) {
    }

    static DatasetResponse of(Dataset dataset, List<DatasetService.Skipped> skipped) {
        List<ClassCount> counts = new ArrayList<>();
        for (int i = 0; i < dataset.classes().size(); i++) {
            counts.add(new ClassCount(dataset.classes().get(i), dataset.classCounts().get(i)));
        }
        return new DatasetResponse(dataset.id(), dataset.name(), dataset.classes(), counts, dataset.imageCount(),
                dataset.imageSizes(), skipped, dataset.createdAt());
    }
}
