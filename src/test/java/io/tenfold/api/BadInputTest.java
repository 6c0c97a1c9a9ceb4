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
    void badStrategiesAndAugmentationsAre400NamingTheFieldAndQueueNothing() throws Exception {
        String datasetId = upload(Zips.sample("fashion-mnist-3-tiny.zip")).json().get("id").asString();
        int queued = http.get("/api/v1/jobs").json().get("total").asInt();
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("\"strategy\": \"magic\"", "strategy");
        cases.put("\"strategy\": 3", "strategy");
        cases.put("\"strategy\": {\"name\": \"magic\"}", "strategy.name");
        cases.put("\"strategy\": {\"unfreezeBlocks\": 2}", "strategy.name");
        cases.put("\"strategy\": {\"name\": \"fine-tune\", \"unfreezeBlocks\": 99}", "strategy.unfreezeBlocks");
        cases.put("\"strategy\": {\"name\": \"fine-tune\", \"unfreezeBlocks\": 0}", "strategy.unfreezeBlocks");
        cases.put("\"strategy\": {\"name\": \"fine-tune\", \"unfreezeBlocks\": \"two\"}",
                "strategy.unfreezeBlocks");
        cases.put("\"strategy\": {\"name\": \"fine-tune\", \"learningRateMultipliers\": {\"top\": -0.1}}",
                "strategy.learningRateMultipliers.top");
        cases.put("\"strategy\": {\"name\": \"full\", \"learningRateMultipliers\": {\"middle\": 1}}",
                "strategy.learningRateMultipliers.middle");
        cases.put("\"strategy\": {\"name\": \"feature-extractor\", \"unfreezeBlocks\": 1}",
                "strategy.unfreezeBlocks");
        cases.put("\"baseModel\": \"scratch-vgg\", \"strategy\": \"fine-tune\"", "strategy");
        cases.put("\"baseModel\": \"scratch-resnet\", \"strategy\": {\"name\": \"feature-extractor\"}",
                "strategy.name");
        cases.put("\"augmentation\": \"wild\"", "augmentation");
        cases.put("\"augmentation\": [\"light\"]", "augmentation");
        cases.put("\"augmentation\": {\"version\": 1, \"inputSize\": 224, \"transforms\": [{\"type\": \"hflip\"}, "
                + "{\"type\": \"color-jitter\", \"brightness\": 0.2}, {\"type\": \"pca-color\", \"sigma\": -1}]}",
                "augmentation.transforms[2].sigma");
        cases.put("\"augmentation\": {\"version\": 1, \"inputSize\": 224, \"transforms\": "
                + "[{\"type\": \"hflip\", \"p\": 1.5}]}", "augmentation.transforms[0].p");
        cases.put("\"augmentation\": {\"version\": 1, \"inputSize\": 224, \"transforms\": "
                + "[{\"type\": \"swirl\"}]}", "augmentation.transforms[0].type");
        cases.put("\"augmentation\": {\"version\": 1, \"inputSize\": 224, \"transforms\": "
                + "[{\"type\": \"scale-crop\", \"min\": 100, \"max\": 300}]}", "augmentation.transforms[0].min");
        cases.put("\"augmentation\": {\"version\": 1, \"inputSize\": 64, \"transforms\": []}",
                "augmentation.inputSize");
        // a policy document sent as a string is held to the same input size
        cases.put("\"augmentation\": \"{\\\"version\\\": 1, \\\"inputSize\\\": 64, \\\"transforms\\\": []}\"",
                "augmentation.inputSize");
        cases.put("\"augmentation\": \"light\", \"augmentedViews\": 0", "augmentedViews");
        cases.put("\"augmentation\": \"light\", \"augmentedViews\": 33", "augmentedViews");
        cases.put("\"patience\": -1", "patience");
        for (var c : cases.entrySet()) {
            Http.Response response = http.postJson("/api/v1/jobs",
                    "{\"datasetId\": \"%s\", %s}".formatted(datasetId, c.getKey()));
            assertThat(response.status()).as(c.getKey() + ": " + response.body()).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("field").asString()).as(c.getKey() + ": " + response.body())
                    .isEqualTo(c.getValue());
        }
        assertThat(http.get("/api/v1/jobs").json().get("total").asInt()).isEqualTo(queued);
    }

    @Test
    void strategyAndAugmentationFormsAreQueuedInCanonicalFormAndStayIdempotent() throws Exception {
        String datasetId = upload(Zips.sample("fashion-mnist-3-tiny.zip")).json().get("id").asString();
        String body = """
                {"datasetId": "%s", "strategy": {"name": "fine-tune", "unfreezeBlocks": 4,
                 "learningRateMultipliers": {"head": 1, "top": 0.1, "deeper": 0.01}},
                 "augmentation": {"version": 1, "inputSize": 224, "transforms": [{"type": "hflip"}]},
                 "augmentedViews": 3, "patience": 2}""".formatted(datasetId);
        Map<String, String> key = Map.of("Idempotency-Key", "forms-" + datasetId);
        Http.Response first = http.postJson("/api/v1/jobs", body, key);
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(http.postJson("/api/v1/jobs", body, key).status()).isEqualTo(200);
        var spec = first.json().get("spec");
        assertThat(spec.get("strategy").get("unfreezeBlocks").asInt()).isEqualTo(4);
        assertThat(spec.get("strategy").get("learningRateMultipliers").get("deeper").asDouble()).isEqualTo(0.01);
        assertThat(spec.get("augmentation").get("transforms").get(0).get("p").asDouble()).isEqualTo(0.5);
        assertThat(spec.get("augmentedViews").asInt()).isEqualTo(3);
        assertThat(spec.get("patience").asInt()).isEqualTo(2);

        Http.Response plain = http.postJson("/api/v1/jobs", "{\"datasetId\": \"%s\"}".formatted(datasetId));
        var defaults = plain.json().get("spec");
        assertThat(defaults.get("strategy").get("name").asString()).isEqualTo("feature-extractor");
        assertThat(defaults.get("augmentation").asString()).isEqualTo("none");
        assertThat(defaults.get("augmentedViews").asInt()).isEqualTo(1);
        assertThat(defaults.get("patience").asInt()).isZero();
        Http.Response scratch = http.postJson("/api/v1/jobs",
                "{\"datasetId\": \"%s\", \"baseModel\": \"scratch-vgg\", \"augmentation\": \"light\"}"
                        .formatted(datasetId));
        assertThat(scratch.status()).as(scratch.body()).isEqualTo(202);
        assertThat(scratch.json().get("spec").get("strategy").get("name").asString()).isEqualTo("full");
        assertThat(scratch.json().get("spec").get("augmentedViews").asInt()).isEqualTo(4);
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

    /** JSON is bounded: the body, each id, a policy's transforms and nesting; what a 4xx repeats of a value is cut short. */
    @Test
    void oversizedJsonIsRefusedNamingTheLimit() throws Exception {
        String huge = "{\"datasetId\": \"" + "x".repeat(2 << 20) + "\"}";
        assertProblem(http.postJson("/api/v1/jobs", huge), 413, "tenfold.http.max-json-bytes");

        Http.Response longId = http.postJson("/api/v1/jobs", "{\"datasetId\": \"" + "y".repeat(10_000) + "\"}");
        assertProblem(longId, 400, "datasetId");
        assertThat(longId.body().length()).isLessThan(2_000);

        StringBuilder many = new StringBuilder("{\"version\": 1, \"inputSize\": 224, \"transforms\": [");
        for (int i = 0; i < 200; i++) {
            many.append(i == 0 ? "" : ", ").append("{\"type\": \"hflip\"}");
        }
        many.append("]}");
        assertProblem(http.postJson("/api/v1/jobs", "{\"datasetId\": \"d\", \"augmentation\": " + many + "}"), 400,
                "at most 64 transforms");

        String nested = "{\"type\": \"hflip\"}";
        for (int i = 0; i < 8; i++) {
            nested = "{\"type\": \"compose\", \"transforms\": [" + nested + "]}";
        }
        assertProblem(http.postJson("/api/v1/jobs", "{\"datasetId\": \"d\", \"augmentation\": {\"version\": 1, "
                + "\"inputSize\": 224, \"transforms\": [" + nested + "]}}"), 400, "nest at most");

        Http.Response unknown = http.postJson("/api/v1/jobs", "{\"datasetId\": \"d\", "
                + "\"strategy\": \"" + "z".repeat(5_000) + "\"}");
        assertProblem(unknown, 400, "strategy");
        assertThat(unknown.body().length()).isLessThan(1_000);
        assertProblem(http.postJson("/api/v1/jobs", "{\"datasetId\": "), 400, "not valid JSON");
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
