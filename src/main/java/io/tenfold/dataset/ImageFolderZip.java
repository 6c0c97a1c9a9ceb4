package io.tenfold.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.springframework.http.HttpStatus;

/**
 * Reads an ImageFolder zip (one folder per class, images inside, optionally all under one top
 * folder) without trusting it: names that would escape the dataset are rejected, and uncompressed
 * bytes are counted as they are read, not taken from the headers.
 */
final class ImageFolderZip {

    /** One file of the archive, with its class folder. */
    record Entry(String className, String path, byte[] bytes) {
    }

    interface EntryHandler {
        void accept(Entry entry) throws IOException;
    }

    private final long maxUncompressedBytes;
    private final int maxFiles;

    ImageFolderZip(long maxUncompressedBytes, int maxFiles) {
        this.maxUncompressedBytes = maxUncompressedBytes;
        this.maxFiles = maxFiles;
    }

    void read(Path zip, EntryHandler handler) throws IOException {
        try (ZipFile file = open(zip)) {
            List<ZipEntry> entries = new ArrayList<>();
            List<String[]> paths = new ArrayList<>();
            Enumeration<? extends ZipEntry> all = file.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                String[] segments = segments(entry.getName());
                if (entry.isDirectory() || ignored(segments)) {
                    continue;
                }
                if (entries.size() == maxFiles) {
                    throw new DatasetRejectedException(HttpStatus.CONTENT_TOO_LARGE,
                            "The archive holds more than %d files, the configured limit.".formatted(maxFiles));
                }
                entries.add(entry);
                paths.add(segments);
            }
            int skip = commonTopFolder(paths) ? 1 : 0;
            long budget = maxUncompressedBytes;
            for (int i = 0; i < entries.size(); i++) {
                String[] segments = paths.get(i);
                String path = String.join("/", segments);
                if (segments.length - skip < 2) {
                    throw new DatasetRejectedException(HttpStatus.BAD_REQUEST,
                            "'%s' is not inside a class folder; put each image in a folder named after its class."
                                    .formatted(path));
                }
                byte[] bytes = readBounded(file, entries.get(i), budget);
                budget -= bytes.length;
                handler.accept(new Entry(segments[skip], path, bytes));
            }
        }
    }

    private static ZipFile open(Path zip) throws IOException {
        try {
            return new ZipFile(zip.toFile());
        } catch (ZipException e) {
            throw new DatasetRejectedException(HttpStatus.BAD_REQUEST, "The upload is not a zip archive.");
        }
    }

    private byte[] readBounded(ZipFile file, ZipEntry entry, long budget) throws IOException {
        try (InputStream in = file.getInputStream(entry)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, budget + 1));
            if (bytes.length > budget) {
                throw new DatasetRejectedException(HttpStatus.CONTENT_TOO_LARGE,
                        "The archive expands to more than %d bytes, the configured limit."
                                .formatted(maxUncompressedBytes));
            }
            return bytes;
        } catch (ZipException e) {
            throw new DatasetRejectedException(HttpStatus.BAD_REQUEST,
                    "The zip archive is corrupt at '%s': %s".formatted(entry.getName(), e.getMessage()));
        }
    }

    /** Splits an entry name and refuses any that could land outside the dataset's folder. */
    static String[] segments(String name) {
        String normalized = name.replace('\\', '/');
        if (normalized.startsWith("/") || normalized.matches("^[A-Za-z]:.*")) {
            throw outside(name);
        }
        List<String> parts = new ArrayList<>();
        for (String part : normalized.split("/")) {
            if (part.equals("..")) {
                throw outside(name);
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        if (parts.isEmpty()) {
            throw outside(name);
        }
        return parts.toArray(String[]::new);
    }

    private static DatasetRejectedException outside(String name) {
        return new DatasetRejectedException(HttpStatus.BAD_REQUEST,
                "The entry '%s' would land outside the dataset's folder (absolute path or '..').".formatted(name));
    }

    /** Operating-system litter that archivers add. */
    private static boolean ignored(String[] segments) {
        for (String segment : segments) {
            if (segment.startsWith(".") || segment.equals("__MACOSX")) {
                return true;
            }
        }
        String last = segments[segments.length - 1];
        return last.equalsIgnoreCase("Thumbs.db") || last.equalsIgnoreCase("desktop.ini");
    }

    /** True when every file sits below one and the same top folder, as when a folder is zipped whole. */
    private static boolean commonTopFolder(List<String[]> paths) {
        if (paths.isEmpty()) {
            return false;
        }
        String top = paths.get(0)[0];
        return paths.stream().allMatch(p -> p.length >= 3 && p[0].equals(top));
    }
}
