package io.tenfold.dataset;

import io.tenfold.validation.Echo;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.springframework.http.HttpStatus;

/**
 * Reads an ImageFolder zip (one folder per class, images inside, optionally all under one top
 * folder) without trusting it. Names that could escape the dataset or hide as something else
 * (absolute, {@code ..} in any Unicode form, control characters) are refused. Entries are
 * streamed: each one is read no further than the per-image byte limit, and every byte inflated,
 * kept or skipped, counts against the archive's uncompressed total, so a zip bomb costs what the
 * limits allow and no more. The central directory is read first and must agree with every local
 * header (name, size, CRC): a file that shows one thing to this reader and another to an
 * unzip tool is refused, as are duplicate names and entries that lie about their size.
 */
final class ImageFolderZip {

    /**
     * One file of the archive, with its class folder; {@code bytes} is null for a file over the
     * per-image limit, which is reported rather than read.
     */
    record Entry(String className, String path, byte[] bytes, long size) {
    }

    interface EntryHandler {
        void accept(Entry entry) throws IOException;
    }

    private final long maxUncompressedBytes;
    private final int maxFiles;
    private final long maxEntryBytes;

    ImageFolderZip(long maxUncompressedBytes, int maxFiles, long maxEntryBytes) {
        this.maxUncompressedBytes = maxUncompressedBytes;
        this.maxFiles = maxFiles;
        this.maxEntryBytes = maxEntryBytes;
    }

    void read(Path zip, EntryHandler handler) throws IOException {
        Map<String, ZipEntry> central = centralDirectory(zip);
        List<String[]> paths = new ArrayList<>();
        central.values().stream().filter(e -> !skipped(e)).forEach(e -> paths.add(segments(e.getName())));
        int skip = commonTopFolder(paths) ? 1 : 0;
        Budget budget = new Budget();
        int seen = 0;
        try (ZipInputStream in = new ZipInputStream(new BufferedInputStream(Files.newInputStream(zip)))) {
            ZipEntry local;
            while ((local = next(in)) != null) {
                ZipEntry listed = central.get(local.getName());
                if (listed == null) {
                    throw rejected("The entry '%s' is in the archive but not in its central directory: the zip is "
                            + "malformed or built to be read differently by different tools.", printable(local.getName()));
                }
                seen++;
                Read read = readEntry(in, local, budget);
                if (read.size() != listed.getSize() || read.crc() != listed.getCrc()) {
                    throw rejected("The entry '%s' holds %d bytes (CRC %08x) but the central directory says %d (CRC "
                            + "%08x): the zip is corrupt or forged.", printable(local.getName()), read.size(), read.crc(),
                            listed.getSize(), listed.getCrc());
                }
                if (skipped(listed)) {
                    continue;
                }
                String[] segments = segments(listed.getName());
                String path = String.join("/", segments);
                if (segments.length - skip < 2) {
                    throw new DatasetRejectedException(HttpStatus.BAD_REQUEST,
                            "'%s' is not inside a class folder; put each image in a folder named after its class."
                                    .formatted(path));
                }
                handler.accept(new Entry(segments[skip], path, read.bytes(), read.size()));
            }
        } catch (ZipException e) {
            throw new DatasetRejectedException(HttpStatus.BAD_REQUEST, "The zip archive is corrupt (an entry's data "
                    + "does not match its header or checksum, or the file is cut short); zip the folders again.");
        }
        if (seen != central.size()) {
            throw new DatasetRejectedException(HttpStatus.BAD_REQUEST, ("The central directory lists %d entries but "
                    + "the archive holds %d: the zip is truncated or forged.").formatted(central.size(), seen));
        }
    }

    /** The central directory's entries by name; duplicate names and more entries than the limit are refused. */
    private Map<String, ZipEntry> centralDirectory(Path zip) throws IOException {
        Map<String, ZipEntry> entries = new HashMap<>();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> all = file.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                if (entries.size() == maxFiles) {
                    throw new DatasetRejectedException(HttpStatus.CONTENT_TOO_LARGE,
                            "The archive holds more than %d files, the configured limit.".formatted(maxFiles));
                }
                if (entries.put(entry.getName(), entry) != null) {
                    throw rejected("The archive names '%s' twice; give every file its own name.", printable(entry.getName()));
                }
                if (!entry.isDirectory()) {
                    segments(entry.getName());
                }
            }
        } catch (ZipException e) {
            throw new DatasetRejectedException(HttpStatus.BAD_REQUEST, "The upload is not a zip archive.");
        }
        return entries;
    }

    private static ZipEntry next(ZipInputStream in) throws IOException {
        try {
            return in.getNextEntry();
        } catch (IllegalArgumentException e) {   // a name that is not valid UTF-8
            throw new DatasetRejectedException(HttpStatus.BAD_REQUEST,
                    "The archive has an entry name that is not valid UTF-8; zip it again with UTF-8 file names.");
        }
    }

    /** What an entry holds: its bytes (null past the per-image limit), size and CRC, every byte counted. */
    private record Read(byte[] bytes, long size, long crc) {
    }

    private Read readEntry(InputStream in, ZipEntry entry, Budget budget) throws IOException {
        ByteArrayOutputStream kept = entry.isDirectory() ? null : new ByteArrayOutputStream();
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[64 * 1024];
        long size = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            budget.take(n);
            crc.update(buffer, 0, n);
            size += n;
            if (kept != null && size <= maxEntryBytes) {
                kept.write(buffer, 0, n);
            } else if (kept != null) {
                kept = null;   // too large to keep; read on only to count it and check its CRC
            }
        }
        return new Read(kept == null ? null : kept.toByteArray(), size, crc.getValue());
    }

    /** The uncompressed bytes the archive may still expand to. */
    private final class Budget {

        private long left = maxUncompressedBytes;

        void take(long bytes) {
            left -= bytes;
            if (left < 0) {
                throw new DatasetRejectedException(HttpStatus.CONTENT_TOO_LARGE,
                        "The archive expands to more than %d bytes, the configured limit.".formatted(maxUncompressedBytes));
            }
        }
    }

    /** Directories and operating-system litter are read (and checked) but not kept. */
    private static boolean skipped(ZipEntry entry) {
        return entry.isDirectory() || ignored(segments(entry.getName()));
    }

    /** Splits an entry name and refuses any that could land outside the dataset's folder or hide what it is. */
    static String[] segments(String name) {
        String normalized = name.replace('\\', '/');
        if (normalized.startsWith("/") || normalized.matches("^[A-Za-z]:.*")) {
            throw outside(name);
        }
        List<String> parts = new ArrayList<>();
        for (String part : normalized.split("/")) {
            if (part.codePoints().anyMatch(Character::isISOControl)) {
                throw rejected("The entry '%s' has a control character in its name.", printable(name));
            }
            // Compatibility forms (fullwidth dots, one-dot leaders) read as ".." after NFKC normalisation.
            String plain = Normalizer.normalize(part, Normalizer.Form.NFKC);
            if (plain.equals("..") || (!part.equals(".") && plain.equals("."))) {
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

    private static String printable(String name) {
        return Echo.of(name);
    }

    private static DatasetRejectedException rejected(String format, Object... args) {
        return new DatasetRejectedException(HttpStatus.BAD_REQUEST, format.formatted(args));
    }

    private static DatasetRejectedException outside(String name) {
        return new DatasetRejectedException(HttpStatus.BAD_REQUEST,
                "The entry '%s' would land outside the dataset's folder (absolute path or '..').".formatted(printable(name)));
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
