package io.tenfold.support;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * The hostile-input corpus: requests an attacker (or an unlucky client) would send, each with the
 * statuses a service that loses nothing may answer, and the odd but valid files that must succeed.
 * Made here, in code, so every case can be read and regenerated: decompression bombs for every
 * accepted format, wrappers, truncations at several offsets, corrupt CRCs and Huffman tables, lying
 * headers, zip bombs and zip header tricks, malformed multipart, JSON bombs and out-of-range job
 * fields. {@code HostileInputTest} sends them all to a service at the Helm chart's API heap;
 * {@code scripts/hostile/write-corpus.sh DIR} writes their bodies out for inspection.
 */
public final class HostileCorpus {

    /** Where a case goes. */
    public enum Target { CLASSIFY, UPLOAD, JOB, CLASSIFY_QUERY, RAW_CLASSIFY }

    /**
     * One request: {@code body} to {@code target} ({@code query} for a classify query string,
     * {@code contentType} for a raw request), answered with one of {@code expected}.
     */
    public record Case(String name, Target target, byte[] body, String query, String contentType,
            Set<Integer> expected) {

        static Case image(String name, byte[] bytes, Integer... expected) {
            return new Case(name, Target.CLASSIFY, bytes, "tta=center", null, Set.of(expected));
        }

        static Case zip(String name, byte[] bytes, Integer... expected) {
            return new Case(name, Target.UPLOAD, bytes, null, null, Set.of(expected));
        }

        static Case job(String name, String json, Integer... expected) {
            return new Case(name, Target.JOB, json.getBytes(StandardCharsets.UTF_8), null, "application/json",
                    Set.of(expected));
        }

        static Case query(String name, String query, Integer... expected) {
            return new Case(name, Target.CLASSIFY_QUERY, null, query, null, Set.of(expected));
        }

        static Case raw(String name, String contentType, byte[] body, Integer... expected) {
            return new Case(name, Target.RAW_CLASSIFY, body, null, contentType, Set.of(expected));
        }

        public boolean valid() {
            return expected.contains(200) || expected.contains(201);
        }
    }

    /** The per-image pixel limit the corpus's bombs exceed (the service's default). */
    public static final int PIXELS = 40_000_000;
    /** The most files a corpus zip may hold: the service under test is started with this limit. */
    public static final int MAX_IMAGES = 1_000;
    /** The most a corpus zip may expand to: the service under test is started with this limit. */
    public static final long MAX_UNCOMPRESSED_BYTES = 256L << 20;

    private HostileCorpus() {
    }

    public static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        cases.addAll(images());
        cases.addAll(zips());
        cases.addAll(jobs());
        cases.addAll(queries());
        cases.addAll(multipart());
        cases.addAll(valid());
        return cases;
    }

    static List<Case> images() {
        byte[] jpeg = ImageFixtures.photo();
        byte[] png = ImageFixtures.encode(TestPictures.photo(64, 48), "png");
        byte[] gif = ImageFixtures.encode(TestPictures.indexed(64, 48), "gif");
        byte[] bmp = ImageFixtures.encode(TestPictures.photo(64, 48), "bmp");
        List<Case> cases = new ArrayList<>();
        // decompression bombs and lying sizes: refused from the header, before any pixel is allocated
        cases.add(Case.image("png-declares-60000x60000", ImageFixtures.pngWithSize(png, 60_000, 60_000), 413));
        cases.add(Case.image("png-idat-bomb", ImageFixtures.pngBomb(50_000, 4_000_000), 413));
        cases.add(Case.image("jpeg-declares-65000x65000", ImageFixtures.jpegWithSize(jpeg, 65_000, 65_000), 413));
        cases.add(Case.image("gif-declares-65535x65535", ImageFixtures.gif(65_535, 65_535), 413));
        cases.add(Case.image("bmp-rle8-20000x20000", ImageFixtures.bmpRle8(20_000, 20_000), 413));
        cases.add(Case.image("bmp-declares-100000x100000", ImageFixtures.bmpWithSize(bmp, 100_000, 100_000), 413, 422));
        cases.add(Case.image("png-declares-0x0", ImageFixtures.pngWithSize(png, 0, 0), 422));
        cases.add(Case.image("png-at-the-pixel-limit-needs-more-than-the-budget", ImageFixtures.blackPng(8_000, 5_000),
                413));
        // wrappers and formats the service does not read
        cases.add(Case.image("bmp-wrapping-jpeg", ImageFixtures.bmpWrapping(jpeg, 1, 1, 4, Integer.MAX_VALUE), 415));
        cases.add(Case.image("bmp-wrapping-png", ImageFixtures.bmpWrapping(png, 1, 1, 5, Integer.MAX_VALUE), 415));
        cases.add(Case.image("tiff", ImageFixtures.encode(TestPictures.photo(16, 16), "tiff"), 415));
        cases.add(Case.image("wbmp", ImageFixtures.encode(TestPictures.binary(16, 16), "wbmp"), 415));
        cases.add(Case.image("svg", "<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(StandardCharsets.UTF_8), 415));
        cases.add(Case.image("pdf", "%PDF-1.4\n%\u00e2\u00e3\n1 0 obj<<>>endobj\n".getBytes(StandardCharsets.ISO_8859_1),
                415));
        cases.add(Case.image("html", "<html><body>hi</body></html>".getBytes(StandardCharsets.UTF_8), 415));
        cases.add(Case.image("zip-as-image", zip(Map.of("a/x.png", png)), 415));
        cases.add(Case.image("one-byte", new byte[] {(byte) 0xFF}, 415));
        cases.add(Case.image("png-signature-only", Arrays.copyOf(png, 8), 422, 415));
        // truncations at several offsets
        for (int percent : new int[] {5, 25, 50, 75, 95}) {
            cases.add(Case.image("jpeg-cut-at-" + percent + "pc", cut(jpeg, percent), 422));
            cases.add(Case.image("png-cut-at-" + percent + "pc", cut(png, percent), 422));
        }
        cases.add(Case.image("gif-cut-at-50pc", cut(gif, 50), 422));
        cases.add(Case.image("bmp-cut-at-50pc", cut(bmp, 50), 422));
        // corrupt data
        cases.add(Case.image("png-bad-ihdr-crc", flip(png, 29), 422));
        cases.add(Case.image("png-bad-idat-crc", flip(png, png.length - 20), 422));
        cases.add(Case.image("png-without-iend", Arrays.copyOf(png, png.length - 12), 422));
        cases.add(Case.image("jpeg-garbled-huffman-table", garbleHuffman(jpeg), 422));
        cases.add(Case.image("jpeg-zeroed-scan", zeroScan(jpeg), 422));
        return cases;
    }

    static List<Case> zips() {
        byte[] png = ImageFixtures.encode(TestPictures.photo(16, 16), "png");
        List<Case> cases = new ArrayList<>();
        cases.add(Case.zip("not-a-zip", "hello".getBytes(StandardCharsets.UTF_8), 400));
        cases.add(Case.zip("zip-cut-in-half", cut(zip(Map.of("a/x.png", png, "b/y.png", png)), 50), 400));
        byte[] zeros = new byte[100 << 20];
        Map<String, byte[]> bomb = new LinkedHashMap<>();
        bomb.put("a/bomb.png", zeros);
        bomb.put("b/bomb.png", zeros);
        cases.add(Case.zip("zip-bomb-two-100mb-entries", zip(bomb), 422));
        Map<String, byte[]> wide = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            wide.put("c" + (i % 2) + "/bomb-" + i + ".png", zeros);
        }
        cases.add(Case.zip("zip-bomb-past-the-archive-limit", zip(wide), 413));
        cases.add(Case.zip("zip-escaping-with-dotdot", zip(Map.of("a/x.png", png, "../evil.png", png)), 400));
        cases.add(Case.zip("zip-absolute-path", zip(Map.of("a/x.png", png, "/tmp/evil.png", png)), 400));
        cases.add(Case.zip("zip-windows-drive", zip(Map.of("a/x.png", png, "C:\\evil.png", png)), 400));
        cases.add(Case.zip("zip-fullwidth-dots", zip(Map.of("a/x.png", png, "b/\uFF0E\uFF0E/evil.png", png)), 400));
        cases.add(Case.zip("zip-nul-in-class-name", zip(Map.of("a/x.png", png, "b\u0000c/y.png", png)), 400));
        cases.add(Case.zip("zip-control-character", zip(Map.of("a/x.png", png, "b/y\u001b.png", png)), 400));
        byte[] two = zip(Map.of("a/one.png", png, "a/two.png", png));
        cases.add(Case.zip("zip-duplicate-names", replaceAll(two, "a/two.png", "a/one.png"), 400));
        byte[] listed = zip(Map.of("a/one.png", png, "b/two.png", png));
        cases.add(Case.zip("zip-central-directory-disagrees", replaceInCentral(listed, "a/one.png", "a/uno.png"), 400));
        cases.add(Case.zip("zip-stored-entry-lies-about-its-size", storedLying(png), 400));
        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i <= MAX_IMAGES; i++) {
            many.put("c" + (i % 2) + "/" + i + ".png", new byte[0]);
        }
        cases.add(Case.zip("zip-more-entries-than-the-limit", zip(many), 413));
        cases.add(Case.zip("zip-one-class", zip(Map.of("only/a.png", png, "only/b.png", png)), 400));
        cases.add(Case.zip("zip-nothing-decodable", zip(Map.of("a/x.png", new byte[] {1}, "b/y.png", new byte[] {2})),
                422));
        cases.add(Case.zip("zip-of-zips", zip(Map.of("a/inner.zip", zip(Map.of("x/y.png", png)), "b/inner.zip",
                zip(Map.of("x/y.png", png)))), 422));
        return cases;
    }

    static List<Case> jobs() {
        List<Case> cases = new ArrayList<>();
        cases.add(Case.job("json-2mb-string", "{\"datasetId\": \"" + "x".repeat(2 << 20) + "\"}", 413));
        cases.add(Case.job("json-deep-nesting", "{\"datasetId\": \"d\", \"strategy\": " + "[".repeat(5_000)
                + "]".repeat(5_000) + "}", 400));
        cases.add(Case.job("json-number-of-a-million-digits", "{\"datasetId\": \"d\", \"epochs\": " + "9".repeat(100_000)
                + "}", 400));
        cases.add(Case.job("json-not-json", "{\"datasetId\": ", 400));
        cases.add(Case.job("json-array-body", "[1, 2, 3]", 400));
        cases.add(Case.job("json-ten-thousand-transforms", "{\"datasetId\": \"d\", \"augmentation\": {\"version\": 1, "
                + "\"inputSize\": 224, \"transforms\": [" + String.join(", ", java.util.Collections.nCopies(10_000,
                "{\"type\": \"hflip\"}")) + "]}}", 400));
        String nested = "{\"type\": \"hflip\"}";
        for (int i = 0; i < 20; i++) {
            nested = "{\"type\": \"compose\", \"transforms\": [" + nested + "]}";
        }
        cases.add(Case.job("json-containers-20-deep", "{\"datasetId\": \"d\", \"augmentation\": {\"version\": 1, "
                + "\"inputSize\": 224, \"transforms\": [" + nested + "]}}", 400));
        cases.add(Case.job("job-without-dataset", "{}", 400));
        cases.add(Case.job("job-dataset-id-10k", "{\"datasetId\": \"" + "y".repeat(10_000) + "\"}", 400));
        cases.add(Case.job("job-epochs-negative", "{\"datasetId\": \"d\", \"epochs\": -1}", 400));
        cases.add(Case.job("job-epochs-a-billion", "{\"datasetId\": \"d\", \"epochs\": 1000000000}", 400));
        cases.add(Case.job("job-batch-size-zero", "{\"datasetId\": \"d\", \"batchSize\": 0}", 400));
        cases.add(Case.job("job-learning-rate-nan", "{\"datasetId\": \"d\", \"learningRate\": \"NaN\"}", 400));
        cases.add(Case.job("job-learning-rate-huge", "{\"datasetId\": \"d\", \"learningRate\": 1e300}", 400));
        cases.add(Case.job("job-validation-fraction-0.9", "{\"datasetId\": \"d\", \"validationFraction\": 0.9}", 400));
        cases.add(Case.job("job-augmented-views-1000", "{\"datasetId\": \"d\", \"augmentedViews\": 1000}", 400));
        cases.add(Case.job("job-patience-negative", "{\"datasetId\": \"d\", \"patience\": -1}", 400));
        cases.add(Case.job("job-model-name-with-slash", "{\"datasetId\": \"d\", \"modelName\": \"a/../b\"}", 400));
        cases.add(Case.job("job-unknown-base-model", "{\"datasetId\": \"d\", \"baseModel\": \"" + "z".repeat(1_000)
                + "\"}", 400));
        cases.add(Case.job("job-unknown-strategy-field", "{\"datasetId\": \"d\", \"strategy\": {\"name\": \"fine-tune\", "
                + "\"unfreezeBlocks\": 2, \"turbo\": true}}", 400));
        cases.add(Case.job("job-unfreeze-blocks-9999", "{\"datasetId\": \"d\", \"strategy\": {\"name\": \"fine-tune\", "
                + "\"unfreezeBlocks\": 9999}}", 400));
        cases.add(Case.job("job-transform-probability-2", "{\"datasetId\": \"d\", \"augmentation\": {\"version\": 1, "
                + "\"inputSize\": 224, \"transforms\": [{\"type\": \"hflip\", \"p\": 2}]}}", 400));
        cases.add(Case.job("job-lens-distortion-huge", "{\"datasetId\": \"d\", \"augmentation\": {\"version\": 1, "
                + "\"inputSize\": 224, \"transforms\": [{\"type\": \"lens\", \"k1\": 1e9}]}}", 400));
        cases.add(Case.job("job-unknown-dataset", "{\"datasetId\": \"no-such-dataset\"}", 404));
        return cases;
    }

    static List<Case> queries() {
        List<Case> cases = new ArrayList<>();
        cases.add(Case.query("tta-unknown", "tta=" + "q".repeat(500), 400));
        cases.add(Case.query("top-k-zero", "topK=0", 400));
        cases.add(Case.query("top-k-a-million", "topK=1000000", 400));
        cases.add(Case.query("top-k-not-a-number", "topK=many", 400));
        cases.add(Case.query("scales-below-the-input", "tta=multi-scale&scales=1,2", 400));
        cases.add(Case.query("scales-too-many", "tta=multi-scale&scales=" + String.join(",",
                java.util.stream.IntStream.range(0, 100).mapToObj(i -> Integer.toString(224 + i)).toList()), 400));
        cases.add(Case.query("scales-not-numbers", "tta=multi-scale&scales=a,b", 400));
        cases.add(Case.query("scales-without-multi-scale", "tta=center&scales=256", 400));
        cases.add(Case.query("merge-unknown", "merge=median", 400));
        cases.add(Case.query("per-view-not-a-boolean", "perView=maybe", 400));
        return cases;
    }

    static List<Case> multipart() {
        List<Case> cases = new ArrayList<>();
        cases.add(Case.raw("multipart-without-boundary", "multipart/form-data", "--x\r\n\r\n".getBytes(), 400));
        cases.add(Case.raw("multipart-never-closed", "multipart/form-data; boundary=b",
                "--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"x.png\"\r\n\r\nabc".getBytes(), 400));
        cases.add(Case.raw("multipart-no-image-part", "multipart/form-data; boundary=b",
                "--b\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nabc\r\n--b--\r\n".getBytes(), 400));
        cases.add(Case.raw("multipart-empty-image-part", "multipart/form-data; boundary=b",
                "--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"x.png\"\r\n\r\n\r\n--b--\r\n".getBytes(),
                400));
        cases.add(Case.raw("multipart-huge-part-header", "multipart/form-data; boundary=b",
                ("--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"" + "f".repeat(200_000)
                        + ".png\"\r\n\r\nabc\r\n--b--\r\n").getBytes(), 400, 413));
        cases.add(Case.raw("json-to-classify", "application/json", "{\"image\": \"x\"}".getBytes(), 415));
        cases.add(Case.raw("classify-over-its-size-limit", "multipart/form-data; boundary=b", multipartImage(
                new byte[25 << 20]), 413));
        return cases;
    }

    /** Odd but valid files: each must classify. */
    static List<Case> valid() {
        List<Case> cases = new ArrayList<>();
        cases.add(Case.image("valid-cmyk-jpeg", ImageFixtures.cmykJpeg(32, 24, false, (x, y) -> new int[] {x * 8, y * 8,
            0, 40}), 200));
        cases.add(Case.image("valid-ycck-jpeg", ImageFixtures.cmykJpeg(32, 24, true, (x, y) -> new int[] {0, x * 8,
            y * 8, 20}), 200));
        cases.add(Case.image("valid-16-bit-png", ImageFixtures.encode(TestPictures.gray16(40, 30), "png"), 200));
        cases.add(Case.image("valid-palette-png", ImageFixtures.encode(TestPictures.indexed(40, 30), "png"), 200));
        cases.add(Case.image("valid-interlaced-png", interlacedPng(TestPictures.photo(40, 30)), 200));
        cases.add(Case.image("valid-alpha-png", ImageFixtures.encode(TestPictures.alpha(40, 30), "png"), 200));
        cases.add(Case.image("valid-1x1-png", ImageFixtures.encode(TestPictures.photo(1, 1), "png"), 200));
        cases.add(Case.image("valid-gif", ImageFixtures.encode(TestPictures.indexed(40, 30), "gif"), 200));
        cases.add(Case.image("valid-bmp", ImageFixtures.encode(TestPictures.photo(40, 30), "bmp"), 200));
        cases.add(Case.image("valid-rle8-bmp", ImageFixtures.bmpRle8(3, 2), 200));
        cases.add(Case.image("valid-progressive-jpeg", progressiveJpeg(TestPictures.photo(64, 48)), 200));
        cases.add(Case.image("valid-gray-jpeg", ImageFixtures.jpeg(TestPictures.gray(40, 30), null), 200));
        cases.add(Case.image("valid-panorama-png", ImageFixtures.blackPng(8_000, 200), 200));
        cases.add(new Case("valid-panorama-multi-scale", Target.CLASSIFY, ImageFixtures.blackPng(8_000, 200),
                "tta=multi-scale", null, Set.of(200)));
        cases.add(Case.image("panorama-beyond-the-aspect-limit", ImageFixtures.blackPng(8_000, 20), 413));
        byte[] jpeg = ImageFixtures.jpeg(TestPictures.photo(40, 30), null);
        for (int orientation = 1; orientation <= 8; orientation++) {
            cases.add(Case.image("valid-exif-orientation-" + orientation, ImageFixtures.withSegment(jpeg,
                    ImageFixtures.orientationSegment(orientation, orientation % 2 == 0)), 200));
        }
        return cases;
    }

    /** Writes every case's body to {@code dir} (named after the case), for looking at them. */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "target/hostile-corpus"));
        for (Case c : all()) {
            String extension = switch (c.target()) {
                case UPLOAD -> ".zip";
                case JOB -> ".json";
                case CLASSIFY_QUERY -> ".query";
                default -> ".bin";
            };
            Files.write(dir.resolve(c.name() + extension), c.body() != null ? c.body()
                    : c.query().getBytes(StandardCharsets.UTF_8));
        }
        System.out.printf("%d cases written to %s%n", all().size(), dir.toAbsolutePath());
    }

    static byte[] multipartImage(byte[] image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"x.png\"\r\n\r\n".getBytes());
        out.writeBytes(image);
        out.writeBytes("\r\n--b--\r\n".getBytes());
        return out.toByteArray();
    }

    private static byte[] cut(byte[] bytes, int percent) {
        return Arrays.copyOf(bytes, Math.max(1, bytes.length * percent / 100));
    }

    private static byte[] flip(byte[] bytes, int at) {
        byte[] out = bytes.clone();
        out[at] ^= 0x5A;
        return out;
    }

    /** The code lengths of the first Huffman table all set to 16: no code can be decoded. */
    private static byte[] garbleHuffman(byte[] jpeg) {
        byte[] out = jpeg.clone();
        for (int i = 0; i < out.length - 21; i++) {
            if ((out[i] & 0xFF) == 0xFF && (out[i + 1] & 0xFF) == 0xC4) {
                for (int k = 0; k < 16; k++) {
                    out[i + 5 + k] = (byte) 0xFF;
                }
                return out;
            }
        }
        throw new IllegalStateException("no Huffman table");
    }

    /** The entropy-coded scan overwritten with 0xFF 0x00 pairs after its first bytes. */
    private static byte[] zeroScan(byte[] jpeg) {
        byte[] out = jpeg.clone();
        for (int i = 0; i < out.length - 1; i++) {
            if ((out[i] & 0xFF) == 0xFF && (out[i + 1] & 0xFF) == 0xDA) {
                for (int k = i + 64; k < out.length - 2; k++) {
                    out[k] = (byte) 0xD0;
                }
                return out;
            }
        }
        throw new IllegalStateException("no scan");
    }

    private static byte[] zip(Map<String, byte[]> entries) {
        try {
            return Zips.zip(entries);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] storedLying(byte[] data) {
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
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] bytes = out.toByteArray();
        bytes[18] = 8;   // the first local header's compressed size: 8 of the real length
        bytes[19] = 0;
        bytes[22] = 8;
        bytes[23] = 0;
        return bytes;
    }

    private static byte[] replaceAll(byte[] zip, String name, String replacement) {
        byte[] out = zip.clone();
        byte[] from = name.getBytes(StandardCharsets.UTF_8);
        byte[] to = replacement.getBytes(StandardCharsets.UTF_8);
        for (int at = indexOf(out, from, 0); at >= 0; at = indexOf(out, from, at + 1)) {
            System.arraycopy(to, 0, out, at, to.length);
        }
        return out;
    }

    private static byte[] replaceInCentral(byte[] zip, String name, String replacement) {
        byte[] out = zip.clone();
        byte[] signature = "PK\1\2".getBytes(StandardCharsets.ISO_8859_1);
        for (int at = indexOf(out, signature, 0); at >= 0; at = indexOf(out, signature, at + 4)) {
            int length = (out[at + 28] & 0xFF) | (out[at + 29] & 0xFF) << 8;
            if (new String(out, at + 46, length, StandardCharsets.UTF_8).equals(name)) {
                byte[] bytes = replacement.getBytes(StandardCharsets.UTF_8);
                System.arraycopy(bytes, 0, out, at + 46, bytes.length);
                return out;
            }
        }
        throw new IllegalStateException("no central record of " + name);
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

    private static byte[] interlacedPng(BufferedImage image) {
        return write(image, "png", param -> param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT));
    }

    private static byte[] progressiveJpeg(BufferedImage image) {
        return write(image, "jpeg", param -> param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT));
    }

    private static byte[] write(BufferedImage image, String format, java.util.function.Consumer<ImageWriteParam> set) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            set.accept(param);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** Small pictures of each pixel type, with content, so that encoders keep their type. */
    static final class TestPictures {

        private TestPictures() {
        }

        static BufferedImage photo(int w, int h) {
            BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    image.setRGB(x, y, (x * 255 / Math.max(1, w)) << 16 | (y * 255 / Math.max(1, h)) << 8 | 90);
                }
            }
            return image;
        }

        static BufferedImage gray(int w, int h) {
            BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            image.getGraphics().drawImage(photo(w, h), 0, 0, null);
            return image;
        }

        static BufferedImage gray16(int w, int h) {
            BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    image.getRaster().setSample(x, y, 0, (x * 1000 + y * 500) & 0xFFFF);
                }
            }
            return image;
        }

        static BufferedImage indexed(int w, int h) {
            BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED);
            image.getGraphics().drawImage(photo(w, h), 0, 0, null);
            return image;
        }

        static BufferedImage binary(int w, int h) {
            BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY);
            image.getGraphics().drawImage(photo(w, h), 0, 0, null);
            return image;
        }

        static BufferedImage alpha(int w, int h) {
            BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    image.setRGB(x, y, (x * 6) << 24 | 0x3366CC);
                }
            }
            return image;
        }
    }
}
