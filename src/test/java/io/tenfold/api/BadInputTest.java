package io.tenfold.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenfold.support.Http;
import io.tenfold.support.Zips;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Every kind of bad input gets a 4xx problem+json with a reason, and nothing lands outside the data directory. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tenfold.datasets.max-uncompressed-bytes=100000", "tenfold.role=api"})
class BadInputTest {

    private static final Path ROOT = createTempDir();
    private static final Path DATA = ROOT.resolve("data");

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("tenfold.data-dir", DATA::toString);
    }

    @LocalServerPort
    int port;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @Test
    void notAZipIs400() throws Exception {
        assertProblem(upload("hello".getBytes()), 400, "not a zip");
    }

    @Test
    void oneClassIs400() throws Exception {
        assertProblem(upload(Zips.zip(Map.of("only/a.png", png(), "only/b.png", png()))), 400, "at least two classes");
    }

    @Test
    void noDecodableImagesIs422() throws Exception {
        assertProblem(upload(Zips.zip(Map.of("a/x.png", "nope".getBytes(), "b/y.jpg", "nope".getBytes()))), 422,
                "no decodable images");
    }

    @Test
    void entriesEscapingTheDatasetAre400AndWriteNothing() throws Exception {
        for (String evil : new String[] {"../evil.png", "a/../../evil.png", "/tmp/evil.png", "C:\\evil.png"}) {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put("a/ok.png", png());
            entries.put("b/ok.png", png());
            entries.put(evil, png());
            assertProblem(upload(Zips.zip(entries)), 400, "outside the dataset");
        }
        try (Stream<Path> files = Files.walk(ROOT)) {
            assertThat(files.filter(p -> p.getFileName().toString().equals("evil.png"))).isEmpty();
        }
        assertThat(Path.of("/tmp/evil.png")).doesNotExist();
    }

    @Test
    void tooManyUncompressedBytesIs413() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("a/big.png", new byte[60_000]);
        entries.put("b/big.png", new byte[60_000]);
        assertProblem(upload(Zips.zip(entries)), 413, "more than 100000 bytes");
    }

    @Test
    void missingFilePartIs400() throws Exception {
        assertProblem(http.postFile("/api/v1/datasets", "other", "x.zip", new byte[] {1}), 400, "file");
    }

    @Test
    void undecodableFilesAreSkippedAndReported() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("top/a/1.png", png());
        entries.put("top/a/notes.txt", "hello".getBytes());
        entries.put("top/b/1.png", png());
        Http.Response response = upload(Zips.zip(entries));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.json().get("classes").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(response.json().get("imageCount").asInt()).isEqualTo(2);
        assertThat(response.json().get("skipped").get(0).get("path").asString()).isEqualTo("top/a/notes.txt");
    }

    @Test
    void unknownIdsAre404() throws Exception {
        assertProblem(http.get("/api/v1/datasets/nope"), 404, "dataset");
        assertProblem(http.get("/api/v1/jobs/nope"), 404, "job");
        assertProblem(http.get("/api/v1/models/nope"), 404, "model");
        assertProblem(http.postFile("/api/v1/models/nope/classify", "image", "x.png", png()), 404, "model");
        assertProblem(http.postJson("/api/v1/jobs", "{\"datasetId\": \"nope\"}"), 404, "dataset");
    }

    @Test
    void badJobRequestsAre400NamingTheField() throws Exception {
        String datasetId = upload(Zips.sample("fashion-mnist-3-tiny.zip")).json().get("id").asString();
        assertProblem(http.postJson("/api/v1/jobs", "{}"), 400, "datasetId");
        assertProblem(http.postJson("/api/v1/jobs", "{\"datasetId\": \"%s\", \"epochs\": 0}".formatted(datasetId)),
                400, "epochs");
        assertProblem(http.postJson("/api/v1/jobs",
                "{\"datasetId\": \"%s\", \"baseModel\": \"vgg99\"}".formatted(datasetId)), 400, "baseModel");
        assertProblem(http.postJson("/api/v1/jobs",
                "{\"datasetId\": \"%s\", \"strategy\": \"magic\"}".formatted(datasetId)), 400, "strategy");
        assertProblem(http.postJson("/api/v1/jobs", "{not json"), 400, "");
    }

    @Test
    void badClassifyParametersAre400NamingTheParameterBeforeTheModelIsLookedUp() throws Exception {
        String classify = "/api/v1/models/nope/classify";
        assertField(http.postFile(classify + "?tta=twelve-crop", "image", "x.png", png()), "tta");
        assertField(http.postFile(classify + "?merge=median", "image", "x.png", png()), "merge");
        assertField(http.postFile(classify + "?tta=multi-scale&scales=256,big", "image", "x.png", png()), "scales");
        assertField(http.postFile(classify + "?tta=multi-scale&scales=256,256", "image", "x.png", png()), "scales");
        assertField(http.postFile(classify + "?tta=multi-scale&scales=1,2,3,4,5,6,7", "image", "x.png", png()), "scales");
        assertField(http.postFile(classify + "?tta=center&scales=256", "image", "x.png", png()), "scales");
        assertField(http.postFile(classify + "?topK=0", "image", "x.png", png()), "topK");
        assertField(http.postFiles(classify + "/batch", "images", java.util.Collections.nCopies(33, png())), "images");
        assertField(http.postFiles(classify + "/batch?tta=multi-scale", "images", java.util.Collections.nCopies(7, png())),
                "images");
        assertProblem(http.postFiles(classify + "/batch?tta=flip", "images", java.util.List.of(png())), 404, "model");
    }

    private static void assertField(Http.Response response, String field) {
        assertProblem(response, 400, field);
        assertThat(response.json().get("field").asString()).isEqualTo(field);
    }

    private Http.Response upload(byte[] zip) throws IOException, InterruptedException {
        return http.postFile("/api/v1/datasets", "file", "upload.zip", zip);
    }

    private static void assertProblem(Http.Response response, int status, String detailContains) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).containsIgnoringCase(detailContains);
    }

    static byte[] png() {
        try {
            return Files.readAllBytes(Zips.SAMPLES.resolve("fashion-mnist-5-test/bag-00018.png"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("tenfold-badinput-");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
