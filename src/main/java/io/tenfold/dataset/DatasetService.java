package io.tenfold.dataset;

import io.tenfold.augment.pixel.RgbEigen;
import io.tenfold.augment.pixel.RgbPca;
import io.tenfold.image.ImageDecoder;
import io.tenfold.image.ImageOps;
import io.tenfold.image.ImageRejectedException;
import io.tenfold.storage.ObjectStore;
import io.tenfold.system.ImageProperties;
import io.tenfold.system.NotFoundException;
import io.tenfold.system.Problems;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/** Turns uploaded ImageFolder zips into stored datasets, and serves them to the API and the worker. */
@Service
public class DatasetService {

    /** A file of the upload that did not become part of the dataset, and why. */
    public record Skipped(String path, String reason) {
    }

    public record Created(Dataset dataset, List<Skipped> skipped) {
    }

    private static final Logger log = LoggerFactory.getLogger(DatasetService.class);
    private static final int MAX_CLASS_NAME = 100;

    private final DatasetRepository repository;
    private final ObjectStore store;
    private final JsonMapper json;
    private final DatasetProperties properties;
    private final long maxImageBytes;
    private final ImageDecoder decoder;

    DatasetService(DatasetRepository repository, ObjectStore store, JsonMapper json, DatasetProperties properties,
            ImageDecoder decoder, ImageProperties images) {
        this.maxImageBytes = images.maxBytes().toBytes();
        this.repository = repository;
        this.store = store;
        this.json = json;
        this.properties = properties;
        this.decoder = decoder;
    }

    public Created create(String name, Path zip) throws IOException {
        String id = UUID.randomUUID().toString();
        try {
            return store(id, name, zip);
        } catch (IOException | RuntimeException e) {
            try {
                store.deleteAll(DatasetStorage.prefix(id));
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private Created store(String id, String name, Path zip) throws IOException {
        Map<String, List<DatasetManifest.Image>> byClass = new TreeMap<>();
        List<Skipped> skipped = new ArrayList<>();
        int[] stored = {0};
        ImageSizes.Collector sizes = new ImageSizes.Collector();
        // 1024 pixels from each of up to about 10,000 images: the covariance of a few million pixels.
        RgbPca pca = new RgbPca(1024, 10_000_000);
        new ImageFolderZip(properties.maxUncompressedBytes(), properties.maxImages(), maxImageBytes).read(zip, entry -> {
            String className = entry.className();
            if (className.length() > MAX_CLASS_NAME) {
                throw new DatasetRejectedException(HttpStatus.BAD_REQUEST,
                        "Class folder names are limited to %d characters: '%s...'"
                                .formatted(MAX_CLASS_NAME, className.substring(0, 20)));
            }
            if (entry.bytes() == null) {
                skipped.add(new Skipped(entry.path(), "image is %d bytes; the limit is %d".formatted(entry.size(),
                        maxImageBytes)));
                return;
            }
            try {
                BufferedImage image = decoder.decode(entry.bytes());
                sizes.add(image.getWidth(), image.getHeight());
                pca.add(image);
            } catch (ImageRejectedException e) {
                skipped.add(new Skipped(entry.path(), e.getMessage()));
                return;
            }
            // Labels are assigned once all class names are known (sorted, as ImageFolder does).
            String key = DatasetStorage.imageKey(id, stored[0]++, extension(entry.path()));
            store.put(key, entry.bytes());
            byClass.computeIfAbsent(className, c -> new ArrayList<>())
                    .add(new DatasetManifest.Image(key, -1, entry.path()));
        });
        if (byClass.isEmpty()) {
            throw new DatasetRejectedException(HttpStatus.UNPROCESSABLE_CONTENT,
                    "The archive holds no decodable images (%d files skipped).".formatted(skipped.size()));
        }
        if (byClass.size() < 2) {
            throw new DatasetRejectedException(HttpStatus.BAD_REQUEST,
                    "A dataset needs at least two classes (folders with images); this one has %s."
                            .formatted(byClass.keySet()));
        }
        List<String> classes = List.copyOf(byClass.keySet());
        List<DatasetManifest.Image> images = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            List<DatasetManifest.Image> members = byClass.get(classes.get(label));
            counts.add(members.size());
            for (DatasetManifest.Image image : members) {
                images.add(new DatasetManifest.Image(image.key(), label, image.source()));
            }
        }
        RgbEigen eigen = pca.eigen();
        store.put(DatasetManifest.key(id), json.writeValueAsBytes(new DatasetManifest(classes, images,
                eigen.values(), eigen.vectors())));
        Dataset dataset = new Dataset(id, name, classes, counts, images.size(), sizes.summary(), Instant.now(),
                null);
        repository.insert(dataset);
        log.info("Dataset {} stored: {} images in {} classes, {} files skipped", id, images.size(), classes.size(),
                skipped.size());
        return new Created(dataset, skipped);
    }

    public Dataset get(String id) {
        return repository.find(id).orElseThrow(() -> new NotFoundException("dataset", id));
    }

    /** Deletes the dataset's images; refused while a queued or running job needs them. */
    public void delete(String id) throws IOException {
        Dataset dataset = get(id);
        if (dataset.deletedAt() != null) {
            return;
        }
        if (!repository.markDeleted(id)) {
            throw Problems.conflict("Dataset in use",
                    "Dataset %s is used by a queued or running job; cancel the job first.".formatted(id));
        }
        store.deleteAll(DatasetStorage.prefix(id));
        log.info("Dataset {} deleted", id);
    }

    public List<Dataset> page(int page, int size) {
        return repository.page(page, size);
    }

    public long count() {
        return repository.count();
    }

    public DatasetManifest manifest(String id) throws IOException {
        return json.readValue(store.read(DatasetManifest.key(id)), DatasetManifest.class);
    }

    /** The manifest of a dataset that exists and is not deleted (404 and 409 otherwise). */
    public DatasetManifest liveManifest(String id) throws IOException {
        Dataset dataset = get(id);
        if (dataset.deletedAt() != null) {
            throw Problems.conflict("Dataset deleted", "Dataset %s has been deleted.".formatted(id));
        }
        return manifest(id);
    }

    /** Up to {@code n} decoded images of the dataset, taken from each class in turn, in a fixed order. */
    /**
     * Up to {@code n} images taken from each class in turn, each decoded and, if its short side
     * is longer than {@code maxShortSide}, shrunk to it at once, so a sample of large photographs
     * holds no more than a sample of small ones.
     */
    public List<BufferedImage> sampleImages(DatasetManifest manifest, int n, int maxShortSide) throws IOException {
        Map<Integer, List<DatasetManifest.Image>> byLabel = new TreeMap<>();
        manifest.images().forEach(image -> byLabel.computeIfAbsent(image.label(), l -> new ArrayList<>()).add(image));
        List<BufferedImage> images = new ArrayList<>();
        for (int round = 0; images.size() < n; round++) {
            boolean any = false;
            for (List<DatasetManifest.Image> members : byLabel.values()) {
                if (round < members.size() && images.size() < n) {
                    BufferedImage image = decoder.decode(imageBytes(members.get(round)));
                    images.add(Math.min(image.getWidth(), image.getHeight()) > maxShortSide
                            ? ImageOps.resizeShortSide(image, maxShortSide) : image);
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return images;
    }

    public byte[] imageBytes(DatasetManifest.Image image) throws IOException {
        return store.read(image.key());
    }

    private static String extension(String path) {
        int dot = path.lastIndexOf('.');
        String ext = dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
        return ext.matches("[a-z0-9]{1,5}") ? ext : "img";
    }
}
