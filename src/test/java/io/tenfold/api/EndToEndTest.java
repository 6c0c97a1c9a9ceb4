package io.tenfold.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenfold.TenfoldApplication;
import io.tenfold.support.Http;
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
 * classification with both TTA policies, then a restart of the service on the same data directory.
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
