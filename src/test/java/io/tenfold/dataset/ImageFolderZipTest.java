package io.tenfold.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenfold.support.Zips;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/**
 * The zip reader on hostile archives: bombs cost what the limits allow and no more, and a zip that
 * would read differently to another tool (local headers against the central directory, duplicate
 * names, stored entries that lie about their size, names that hide a path) is refused.
 */
class ImageFolderZipTest {

    private static final long MB = 1 << 20;
    private final List<Path> files = new ArrayList<>();

    @AfterEach
    void delete() throws IOException {
        for (Path file : files) {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void anEntryOverThePerImageLimitIsCountedButNotKept() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("a/bomb.png", new byte[(int) (64 * MB)]);   // 64 MiB of zeros: about 64 KiB deflated
        entries.put("b/small.png", new byte[100]);
        List<ImageFolderZip.Entry> read = read(Zips.zip(entries), 1024 * MB, 1 * MB);

        assertThat(read).hasSize(2);
        assertThat(read.get(0).bytes()).isNull();
        assertThat(read.get(0).size()).isEqualTo(64 * MB);
        assertThat(read.get(1).bytes()).hasSize(100);
    }

    @Test
    void inflatingPastTheArchivesLimitStops() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            entries.put("a/bomb-" + i + ".png", new byte[(int) (32 * MB)]);
        }
        byte[] zip = Zips.zip(entries);
        assertThat(zip.length).isLessThan((int) MB);
        assertRejected(zip, 100 * MB, HttpStatus.CONTENT_TOO_LARGE, "expands to more than");
    }

    @Test
    void localHeadersMustAgreeWithTheCentralDirectory() throws IOException {
        byte[] zip = Zips.zip(Map.of("a/one.png", "first".getBytes(), "b/two.png", "second".getBytes()));
        // The central directory's record of a/one.png renamed: a/one.png exists only in its local header.
        assertRejected(replaceInCentral(zip, "a/one.png", "a/uno.png"), 10 * MB, HttpStatus.BAD_REQUEST,
                "not in its central directory");
        // The central directory's CRC of an entry changed.
        byte[] crc = zip.clone();
        int central = central(crc, "a/one.png");
        crc[central + 16] ^= 1;
        assertRejected(crc, 10 * MB, HttpStatus.BAD_REQUEST, "central directory says");
    }

    @Test
    void duplicateNamesAreRefused() throws IOException {
        byte[] zip = Zips.zip(Map.of("a/one.png", "first".getBytes(), "a/two.png", "second".getBytes()));
        byte[] twice = replaceEverywhere(zip, "a/two.png", "a/one.png");
        assertRejected(twice, 10 * MB, HttpStatus.BAD_REQUEST, "names 'a/one.png' twice");
    }

    @Test
    void aStoredEntryThatLiesAboutItsSizeIsRefused() throws IOException {
        byte[] data = "0123456789abcdef".getBytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String name : new String[] {"a/x.png", "b/y.png"}) {
                ZipEntry entry = new ZipEntry(name);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(data.length);
                entry.setCompressedSize(data.length);
                CRC32 crc = new CRC32();
                crc.update(data);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(data);
                zip.closeEntry();
            }
        }
        byte[] zip = out.toByteArray();
        // a/x.png's local header says 8 bytes: the reader would take the other 8 as the next header.
        int local = indexOf(zip, "PK\3\4".getBytes(StandardCharsets.ISO_8859_1), 0);
        zip[local + 18] = 8;
        zip[local + 22] = 8;
        assertRejected(zip, 10 * MB, HttpStatus.BAD_REQUEST, "");
    }

    @Test
    void namesThatHideAPathOrAControlCharacterAreRefused() throws IOException {
        for (String name : new String[] {"a/\uFF0E\uFF0E/x.png", "\u2025/x.png", "a\u0000b/x.png", "a/x\u0007.png",
            "../x.png", "/abs/x.png"}) {
            byte[] zip = Zips.zip(Map.of(name, new byte[] {1}, "b/y.png", new byte[] {2}));
            assertThatThrownBy(() -> read(zip, 10 * MB, MB)).as(name)
                    .isInstanceOfSatisfying(DatasetRejectedException.class,
                            e -> assertThat(e.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST));
        }
    }

    @Test
    void moreFilesThanTheLimitAreRefusedFromTheCentralDirectory() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < 12; i++) {
            entries.put("c" + (i % 2) + "/" + i + ".png", new byte[] {(byte) i});
        }
        Path zip = file(Zips.zip(entries));
        assertThatThrownBy(() -> new ImageFolderZip(10 * MB, 10, MB).read(zip, entry -> { }))
                .isInstanceOfSatisfying(DatasetRejectedException.class,
                        e -> assertThat(e.getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE));
    }

    private List<ImageFolderZip.Entry> read(byte[] zip, long maxUncompressed, long maxEntry) throws IOException {
        List<ImageFolderZip.Entry> entries = new ArrayList<>();
        new ImageFolderZip(maxUncompressed, 1000, maxEntry).read(file(zip), entries::add);
        return entries;
    }

    private void assertRejected(byte[] zip, long maxUncompressed, HttpStatus status, String detail) {
        assertThatThrownBy(() -> read(zip, maxUncompressed, MB))
                .isInstanceOfSatisfying(DatasetRejectedException.class, e -> {
                    assertThat(e.getStatusCode()).isEqualTo(status);
                    assertThat(e.getBody().getDetail()).contains(detail);
                });
    }

    private Path file(byte[] zip) throws IOException {
        Path file = Files.createTempFile("tenfold-zip-test-", ".zip");
        files.add(file);
        Files.write(file, zip);
        return file;
    }

    /** The offset of the central directory record of {@code name}. */
    private static int central(byte[] zip, String name) {
        byte[] signature = "PK\1\2".getBytes(StandardCharsets.ISO_8859_1);
        for (int at = indexOf(zip, signature, 0); at >= 0; at = indexOf(zip, signature, at + 4)) {
            int length = (zip[at + 28] & 0xFF) | (zip[at + 29] & 0xFF) << 8;
            if (new String(zip, at + 46, length, StandardCharsets.UTF_8).equals(name)) {
                return at;
            }
        }
        throw new AssertionError("no central record of " + name);
    }

    private static byte[] replaceInCentral(byte[] zip, String name, String replacement) {
        byte[] out = zip.clone();
        byte[] bytes = replacement.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, out, central(out, name) + 46, bytes.length);
        return out;
    }

    private static byte[] replaceEverywhere(byte[] zip, String name, String replacement) {
        byte[] out = zip.clone();
        byte[] from = name.getBytes(StandardCharsets.UTF_8);
        byte[] to = replacement.getBytes(StandardCharsets.UTF_8);
        for (int at = indexOf(out, from, 0); at >= 0; at = indexOf(out, from, at + 1)) {
            System.arraycopy(to, 0, out, at, to.length);
        }
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
