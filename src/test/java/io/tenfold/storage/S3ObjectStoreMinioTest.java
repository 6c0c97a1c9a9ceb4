package io.tenfold.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import tools.jackson.databind.json.JsonMapper;

/**
 * The S3 round trip against a real MinIO in a container, where a Docker engine runs; skipped
 * (not failed) where none does. The S3Proxy tests cover the same ground everywhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class S3ObjectStoreMinioTest {

    /** MinIO's images left Docker Hub in late 2025; the same releases are served from quay.io. */
    @Container
    static final MinIOContainer MINIO = new MinIOContainer(DockerImageName
            .parse("quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z").asCompatibleSubstituteFor("minio/minio"));

    @TempDir
    Path tmp;

    @Test
    void roundTripMultipartAndArtifacts() throws Exception {
        StorageProperties.S3 settings = new StorageProperties.S3("tenfold", "test", URI.create(MINIO.getS3URL()),
                "us-east-1", true, MINIO.getUserName(), MINIO.getPassword(), DataSize.ofMegabytes(5),
                DataSize.ofMegabytes(5), 3, Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(30), Duration.ofSeconds(60), true);
        try (S3ObjectStore store = S3ObjectStore.create(settings)) {
            store.put("a/one.bin", new byte[] {1, 2});
            assertThat(store.read("a/one.bin")).containsExactly(1, 2);
            assertThat(store.exists("a/one.bin")).isTrue();
            assertThat(store.list("a")).containsExactly("a/one.bin");

            byte[] big = new byte[(int) DataSize.ofMegabytes(11).toBytes()];
            new Random(3).nextBytes(big);
            Path file = Files.write(tmp.resolve("big.bin"), big);
            store.put("a/big.bin", file);
            assertThat(store.read("a/big.bin")).isEqualTo(big);

            ArtifactStore artifacts = new ArtifactStore(store, JsonMapper.builder().build());
            ArtifactWriter writer = artifacts.create("models/m");
            writer.put("network.zip", file);
            writer.commit("meta");
            assertThat(artifacts.get("models/m").read("network.zip")).isEqualTo(big);

            store.deleteAll("a");
            artifacts.delete("models/m");
            assertThat(store.list("a")).isEmpty();
            assertThat(artifacts.exists("models/m")).isFalse();
        }
    }
}
