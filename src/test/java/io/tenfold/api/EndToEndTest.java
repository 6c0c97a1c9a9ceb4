package io.tenfold.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenfold.TenfoldApplication;
import io.tenfold.support.Http;
import io.tenfold.support.ImageFixtures;
import io.tenfold.support.Zips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The whole path over HTTP with the real pretrained MobileNetV2: upload, a real fine-tuning job,
 * classification with every TTA policy, merge and the batch form, bad images, then a restart of the
 * service on the same data directory.
 */
class EndToEndTest {

    @TempDir
    Path dataDir;

    @Test
    void uploadTrainClassifyAndSurviveARestart() throws Exception {
        String datasetId;
        String jobId;
        String modelId;
        byte[] trouser = Files.readAllBytes(Zips.SAMPLES.resolve("fashion-mnist-5-test/trouser-00002.png"));

        try (ConfigurableApplicationContext app = start()) {
            Http http = new Http(port(app));

            Http.Response upload = http.postFile("/api/v1/datasets", "file", "tiny.zip",
                    Zips.sample("fashion-mnist-3-tiny.zip"));
            assertThat(upload.status()).as(upload.body()).isEqualTo(201);
            JsonNode dataset = upload.json();
            datasetId = dataset.get("id").asString();
            assertThat(dataset.get("imageCount").asInt()).isEqualTo(24);
            assertThat(dataset.get("imageSizes").get("maxWidth").asInt()).isEqualTo(28);
            assertThat(dataset.get("classCounts").get(2).get("images").asInt()).isEqualTo(8);
            assertThat(dataset.get("classes").toString()).isEqualTo("[\"bag\",\"sneaker\",\"trouser\"]");

            Http.Response created = http.postJson("/api/v1/jobs", """
                    {"datasetId": "%s", "epochs": 2, "batchSize": 8, "learningRate": 0.01, "seed": 7}"""
                    .formatted(datasetId));
            assertThat(created.status()).as(created.body()).isEqualTo(202);
            jobId = created.json().get("id").asString();

            JsonNode job = awaitFinalState(http, jobId, Duration.ofMinutes(5));
            assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
            assertThat(job.get("progress").get("epoch").asInt()).isEqualTo(2);
            assertThat(job.get("progress").get("fraction").asDouble()).isEqualTo(1.0);
            JsonNode metrics = job.get("metrics");
            assertThat(metrics.size()).isEqualTo(2);
            assertThat(metrics.get(1).get("trainLoss").asDouble()).isPositive();
            assertThat(metrics.get(1).get("validationAccuracy").asDouble()).isBetween(0.0, 1.0);
            modelId = job.get("modelId").asString();

            JsonNode model = http.get("/api/v1/models/" + modelId).json();
            assertThat(model.get("name").asString()).isEqualTo("tiny");
            assertThat(model.get("version").asInt()).isEqualTo(1);
            assertThat(model.get("labels").toString()).isEqualTo("[\"bag\",\"sneaker\",\"trouser\"]");
            assertThat(model.get("baseModel").asString()).isEqualTo("mobilenetv2");
            assertThat(model.get("strategy").asString()).isEqualTo("feature-extractor");

            JsonNode center = classify(http, modelId, trouser, "center");
            assertThat(center.get("views").asInt()).isEqualTo(1);
            JsonNode tenCrop = classify(http, modelId, trouser, "ten-crop");
            assertThat(tenCrop.get("views").asInt()).isEqualTo(10);
            assertProbabilitiesSortedAndSummingToOne(tenCrop);
            // Trousers against bags and sneakers: even two epochs of a linear head separate them.
            assertThat(tenCrop.get("predictions").get(0).get("label").asString()).isEqualTo("trouser");

            metricsAreExported(http, modelId);
            cancelReachesARunningJob(http, datasetId);
            ttaPoliciesMergesAndBatches(http, modelId, trouser);
            badImagesLeaveTheServiceHealthy(http, modelId, trouser);
            strategiesAugmentationAndAuto(http, datasetId, trouser);
            aliasesDownloadAndDeletion(http, modelId, datasetId, trouser);
        }

        try (ConfigurableApplicationContext app = start()) {
            Http http = new Http(port(app));
            assertThat(http.get("/api/v1/datasets/" + datasetId).status()).isEqualTo(200);
            assertThat(http.get("/api/v1/jobs/" + jobId).json().get("state").asString()).isEqualTo("SUCCEEDED");
            assertThat(http.get("/api/v1/models/" + modelId).status()).isEqualTo(200);
            JsonNode again = classify(http, modelId, trouser, "center");
            assertThat(again.get("predictions").get(0).get("label").asString()).isEqualTo("trouser");
        }
    }

    /** A running job stops within a batch of the cancel request, and makes no model. */
    private static void cancelReachesARunningJob(Http http, String datasetId) throws Exception {
        String jobId = http.postJson("/api/v1/jobs", """
                {"datasetId": "%s", "epochs": 1000, "batchSize": 8, "seed": 8}""".formatted(datasetId))
                .json().get("id").asString();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        while (http.get("/api/v1/jobs/" + jobId).json().get("progress").get("epoch").asInt() < 2) {
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(100);
        }
        Http.Response cancel = http.postJson("/api/v1/jobs/" + jobId + "/cancel", "");
        assertThat(cancel.status()).isEqualTo(200);
        assertThat(cancel.json().get("cancelRequested").asBoolean()).isTrue();
        JsonNode cancelled = awaitFinalState(http, jobId, Duration.ofSeconds(30));
        assertThat(cancelled.get("state").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.get("modelId").isNull()).isTrue();
        assertThat(cancelled.get("progress").get("epoch").asInt()).isLessThan(1000);
    }

    private static void metricsAreExported(Http http, String modelId) throws Exception {
        Http.Response scrape = http.get("/actuator/prometheus");
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.body())
                .contains("tenfold_jobs{state=\"SUCCEEDED\"} 1.0")
                .contains("tenfold_job_duration_seconds_count{outcome=\"succeeded\"} 1")
                .contains("tenfold_job_epoch_seconds_count 2")
                .contains("tenfold_job_data_wait_fraction")
                .contains("tenfold_classify_seconds_count{model=\"%s\",tta=\"ten-crop\"} 1".formatted(modelId))
                .contains("tenfold_model_cache_total{result=\"miss\"} 1.0")
                .contains("tenfold_nd4j_offheap_bytes")
                .contains("http_server_requests_seconds_bucket");
    }

    /** The other policies, merges and per-view reports on the trained model, and the batch form. */
    private static void ttaPoliciesMergesAndBatches(Http http, String modelId, byte[] image) throws Exception {
        JsonNode flip = classify(http, modelId, image, "flip");
        assertThat(flip.get("views").asInt()).isEqualTo(2);
        assertThat(flip.get("merge").asString()).isEqualTo("mean");
        assertThat(flip.has("perView")).isFalse();

        // 28x28 -> 256x256: corners at 0 and 32, centre at 16
        JsonNode five = classify(http, modelId, image, "five-crop&merge=geomean&perView=true");
        assertThat(five.get("views").asInt()).isEqualTo(5);
        assertThat(five.get("merge").asString()).isEqualTo("geomean");
        assertProbabilitiesSortedAndSummingToOne(five);
        assertThat(five.get("perView").size()).isEqualTo(5);
        assertThat(five.get("perView").get(1).get("view").asString()).isEqualTo("crop 32,0 224x224 @256");
        assertThat(five.get("perView").get(4).get("view").asString()).isEqualTo("crop 16,16 224x224 @256");
        double agreement = five.get("agreement").asDouble();
        assertThat(agreement * 5).isCloseTo(Math.rint(agreement * 5), org.assertj.core.data.Offset.offset(1e-9));

        JsonNode multi = classify(http, modelId, image, "multi-scale&scales=288&merge=max");
        assertThat(multi.get("views").asInt()).isEqualTo(10);
        assertProbabilitiesSortedAndSummingToOne(multi);
        Http.Response badScales = http.postFile("/api/v1/models/" + modelId + "/classify?tta=multi-scale&scales=100",
                "image", "x.png", image);
        assertThat(badScales.status()).as(badScales.body()).isEqualTo(400);
        assertThat(badScales.json().get("field").asString()).isEqualTo("scales");

        // MobileNetV2's block_10 at 256x256: a 16x16 feature map, so 3x3 positions of its 14x14 window, 16 pixels apart
        JsonNode dense = classify(http, modelId, image, "dense&perView=true");
        assertThat(dense.get("views").asInt()).isEqualTo(9);
        assertProbabilitiesSortedAndSummingToOne(dense);
        assertThat(dense.get("perView").get(4).get("view").asString()).isEqualTo("window 16,16 224x224 @256");
        assertThat(classify(http, modelId, image, "dense-global").get("views").asInt()).isEqualTo(1);

        byte[] bag = Files.readAllBytes(Zips.SAMPLES.resolve("fashion-mnist-5-test/bag-00018.png"));
        Http.Response batch = http.postFiles("/api/v1/models/" + modelId + "/classify/batch?tta=flip&topK=3", "images",
                java.util.List.of(bag, image));
        assertThat(batch.status()).as(batch.body()).isEqualTo(200);
        JsonNode results = batch.json().get("results");
        assertThat(results.size()).isEqualTo(2);
        assertThat(results.get(0).get("views").asInt()).isEqualTo(2);
        // batched with another image, an image gets what it gets alone
        JsonNode second = results.get(1).get("predictions").get(0);
        assertThat(second.get("label").asString()).isEqualTo(flip.get("predictions").get(0).get("label").asString());
        assertThat(second.get("probability").asDouble()).isCloseTo(
                flip.get("predictions").get(0).get("probability").asDouble(), org.assertj.core.data.Offset.offset(1e-4));
    }

    /** Each kind of bad image gets a 4xx problem, and a good image still works after them all. */
    private static void badImagesLeaveTheServiceHealthy(Http http, String modelId, byte[] good) throws Exception {
        byte[] png = ImageFixtures.encode(new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_RGB),
                "png");
        java.util.Map<String, Integer> statuses = new java.util.LinkedHashMap<>();
        java.util.Map<String, byte[]> bad = new java.util.LinkedHashMap<>();
        bad.put("truncated JPEG", java.util.Arrays.copyOf(ImageFixtures.photo(), 20));
        statuses.put("truncated JPEG", 422);
        bad.put("text", "this is not an image".getBytes());
        statuses.put("text", 415);
        bad.put("forged huge PNG header", ImageFixtures.pngWithSize(png, 100_000, 100_000));
        statuses.put("forged huge PNG header", 413);
        bad.put("PNG bomb", ImageFixtures.pngBomb(30_000, 8_000_000));
        statuses.put("PNG bomb", 413);
        bad.put("huge GIF", ImageFixtures.gif(65_535, 65_535));
        statuses.put("huge GIF", 413);
        bad.put("empty file", new byte[0]);
        statuses.put("empty file", 400);
        for (var entry : bad.entrySet()) {
            Http.Response response = http.postFile("/api/v1/models/" + modelId + "/classify?tta=center", "image",
                    "bad.bin", entry.getValue());
            assertThat(response.status()).as(entry.getKey() + ": " + response.body())
                    .isEqualTo(statuses.get(entry.getKey()));
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
        Http.Response oneBadInABatch = http.postFiles("/api/v1/models/" + modelId + "/classify/batch?tta=center",
                "images", java.util.List.of(good, "text".getBytes()));
        assertThat(oneBadInABatch.status()).isEqualTo(415);
        assertThat(oneBadInABatch.json().get("detail").asString()).startsWith("images[1]:");

        assertThat(classify(http, modelId, good, "center").get("views").asInt()).isEqualTo(1);
        assertThat(classify(http, modelId, ImageFixtures.photo(), "center").get("views").asInt()).isEqualTo(1);
        Http.Response health = http.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
    }

    /**
     * Fine-tuning the top block on two cached augmented views, the auto strategy's recorded decision,
     * and a network trained from scratch.
     */
    private static void strategiesAugmentationAndAuto(Http http, String datasetId, byte[] trouser) throws Exception {
        long start = System.nanoTime();
        JsonNode fineTuned = runJob(http, """
                {"datasetId": "%s", "epochs": 2, "batchSize": 8, "learningRate": 0.01, "seed": 7,
                 "strategy": {"name": "fine-tune", "unfreezeBlocks": 1}, "augmentation": "light",
                 "augmentedViews": 2}""".formatted(datasetId));
        JsonNode decision = fineTuned.get("strategyDecision");
        assertThat(decision.get("strategy").get("name").asString()).isEqualTo("fine-tune");
        assertThat(decision.get("strategy").get("unfreezeBlocks").asInt()).isEqualTo(1);
        assertThat(decision.get("reason").asString()).startsWith("requested");
        assertThat(decision.get("plan").asString()).contains("frozen up to");
        JsonNode metrics = fineTuned.get("metrics");
        assertThat(metrics.size()).isEqualTo(2);
        for (JsonNode epoch : metrics) {
            // three classes: the true one is always among the top five
            assertThat(epoch.get("validationTop5Accuracy").asDouble()).isEqualTo(1.0);
            assertThat(epoch.get("perClassAccuracy").size()).isEqualTo(3);
            JsonNode confusion = epoch.get("confusion");
            assertThat(confusion.size()).isEqualTo(3);
            int validated = 0;
            for (JsonNode row : confusion) {
                for (JsonNode count : row) {
                    validated += count.asInt();
                }
            }
            assertThat(validated).isEqualTo(6);
            assertThat(epoch.get("imagesPerSecond").asDouble()).isPositive();
            assertThat(epoch.get("dataWaitFraction").asDouble()).isBetween(0.0, 1.0);
        }
        String fineTunedModel = fineTuned.get("modelId").asString();
        assertThat(http.get("/api/v1/models/" + fineTunedModel).json().get("strategy").asString())
                .isEqualTo("fine-tune");
        JsonNode classified = classify(http, fineTunedModel, trouser, "center");
        assertProbabilitiesSortedAndSummingToOne(classified);
        assertThat(classified.get("predictions").get(0).get("label").asString()).isEqualTo("trouser");
        System.out.printf("fine-tune job: %.1f s%n", (System.nanoTime() - start) / 1e9);

        start = System.nanoTime();
        JsonNode auto = runJob(http, """
                {"datasetId": "%s", "epochs": 1, "batchSize": 8, "seed": 7, "strategy": "auto"}"""
                .formatted(datasetId));
        assertThat(auto.get("spec").get("strategy").get("name").asString()).isEqualTo("auto");
        assertThat(auto.get("strategyDecision").get("strategy").get("name").asString()).isEqualTo("feature-extractor");
        assertThat(auto.get("strategyDecision").get("reason").asString()).contains("training images per class");
        assertThat(http.get("/api/v1/models/" + auto.get("modelId").asString()).json().get("strategy").asString())
                .isEqualTo("feature-extractor");
        System.out.printf("auto job: %.1f s%n", (System.nanoTime() - start) / 1e9);

        start = System.nanoTime();
        JsonNode scratch = runJob(http, """
                {"datasetId": "%s", "baseModel": "scratch-vgg", "epochs": 1, "batchSize": 8, "seed": 7,
                 "augmentation": "light"}""".formatted(datasetId));
        assertThat(scratch.get("strategyDecision").get("strategy").get("name").asString()).isEqualTo("full");
        assertThat(scratch.get("strategyDecision").get("plan").asString()).contains("every layer trains");
        JsonNode scratchModel = classify(http, scratch.get("modelId").asString(), trouser, "center");
        assertProbabilitiesSortedAndSummingToOne(scratchModel);
        System.out.printf("scratch-vgg job: %.1f s%n", (System.nanoTime() - start) / 1e9);

        assertThat(http.get("/actuator/prometheus").body())
                .contains("tenfold_job_epoch_images_per_second_count")
                .contains("tenfold_job_epoch_data_wait_fraction_count");
    }

    private static JsonNode runJob(Http http, String body) throws Exception {
        Http.Response created = http.postJson("/api/v1/jobs", body);
        assertThat(created.status()).as(created.body()).isEqualTo(202);
        JsonNode job = awaitFinalState(http, created.json().get("id").asString(), Duration.ofMinutes(5));
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        return job;
    }

    /** Promotion by alias, download of the network, and what deletion refuses while things depend on it. */
    private static void aliasesDownloadAndDeletion(Http http, String modelId, String datasetId, byte[] image)
            throws Exception {
        Http.Response promoted = http.put("/api/v1/models/" + modelId + "/aliases/production");
        assertThat(promoted.status()).as(promoted.body()).isEqualTo(200);
        assertThat(promoted.json().get("aliases").toString()).isEqualTo("[\"production\"]");
        JsonNode byAlias = classify(http, "tiny@production", image, "center");
        assertThat(byAlias.get("modelId").asString()).isEqualTo(modelId);
        assertThat(http.get("/api/v1/models/tiny@staging").status()).isEqualTo(404);
        assertThat(http.put("/api/v1/models/" + modelId + "/aliases/Not%20Valid").status()).isEqualTo(400);

        Http.Response download = http.get("/api/v1/models/tiny@production/download");
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.contentType()).isEqualTo("application/zip");

        assertThat(http.delete("/api/v1/models/" + modelId).status()).isEqualTo(409);
        assertThat(http.delete("/api/v1/models/" + modelId + "/aliases/production").status()).isEqualTo(200);

        assertThat(http.delete("/api/v1/datasets/" + datasetId).status()).isEqualTo(204);
        Http.Response jobOnDeleted = http.postJson("/api/v1/jobs", "{\"datasetId\": \"%s\"}".formatted(datasetId));
        assertThat(jobOnDeleted.status()).as(jobOnDeleted.body()).isEqualTo(409);
        assertThat(http.get("/api/v1/datasets").json().get("total").asInt()).isZero();
    }

    private ConfigurableApplicationContext start() {
        return SpringApplication.run(TenfoldApplication.class,
                "--server.port=0",
                "--tenfold.data-dir=" + dataDir,
                "--tenfold.worker.poll-interval=200ms");
    }

    private static int port(ConfigurableApplicationContext app) {
        return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }

    private static JsonNode classify(Http http, String modelRef, byte[] image, String tta) throws Exception {
        Http.Response response = http.postFile("/api/v1/models/" + modelRef + "/classify?tta=" + tta + "&topK=3",
                "image", "trouser.png", image);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static void assertProbabilitiesSortedAndSummingToOne(JsonNode classification) {
        JsonNode predictions = classification.get("predictions");
        assertThat(predictions.size()).isEqualTo(3);
        double sum = 0;
        double previous = 1;
        for (JsonNode prediction : predictions) {
            double p = prediction.get("probability").asDouble();
            assertThat(p).isLessThanOrEqualTo(previous);
            previous = p;
            sum += p;
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }

    private static JsonNode awaitFinalState(Http http, String jobId, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            JsonNode job = http.get("/api/v1/jobs/" + jobId).json();
            String state = job.get("state").asString();
            if (state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED")) {
                return job;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("job " + jobId + " did not finish within " + timeout);
    }
}
