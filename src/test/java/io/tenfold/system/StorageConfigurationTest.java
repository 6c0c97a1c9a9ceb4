package io.tenfold.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenfold.storage.ArtifactStore;
import io.tenfold.storage.LocalObjectStore;
import io.tenfold.storage.ObjectStore;
import io.tenfold.storage.S3ObjectStore;
import io.tenfold.storage.StorageProperties;
import io.tenfold.support.S3ProxyServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** The configured store: local by default, S3 from the TENFOLD_STORAGE_* environment, closed on shutdown. */
class StorageConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({TenfoldProperties.class, StorageProperties.class})
    static class Properties {
    }

    private static S3ProxyServer s3;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyServer.start();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    private ApplicationContextRunner runner(Map<String, Object> environment) {
        return new ApplicationContextRunner()
                .withUserConfiguration(Properties.class, StorageConfiguration.class)
                .withBean(JsonMapper.class, () -> JsonMapper.builder().build())
                .withInitializer(context -> context.getEnvironment().getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource("test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)))
                .withPropertyValues("tenfold.data-dir=" + dataDir);
    }

    @Test
    void localByDefault() {
        runner(Map.of()).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ObjectStore.class)).isInstanceOf(LocalObjectStore.class);
            assertThat(context).hasSingleBean(ArtifactStore.class);
            context.getBean(ObjectStore.class).put("a/b.bin", new byte[] {1});
            assertThat(dataDir.resolve("objects/a/b.bin")).exists();
        });
    }

    @Test
    void s3FromTheEnvironmentAndClosedWithTheContext() throws Exception {
        Map<String, Object> env = Map.of(
                "TENFOLD_STORAGE_TYPE", "s3",
                "TENFOLD_STORAGE_S3_BUCKET", "from-env",
                "TENFOLD_STORAGE_S3_PREFIX", "tenfold/test",
                "TENFOLD_STORAGE_S3_ENDPOINT", s3.endpoint().toString(),
                "TENFOLD_STORAGE_S3_PATH_STYLE", "true",
                "TENFOLD_STORAGE_S3_ACCESS_KEY", S3ProxyServer.ACCESS_KEY,
                "TENFOLD_STORAGE_S3_SECRET_KEY", S3ProxyServer.SECRET_KEY,
                "TENFOLD_STORAGE_S3_CREATE_BUCKET", "true",
                "TENFOLD_STORAGE_S3_MULTIPART_THRESHOLD", "32MB",
                "TENFOLD_STORAGE_S3_MAX_ATTEMPTS", "2");
        ObjectStore[] seen = new ObjectStore[1];
        runner(env).run(context -> {
            assertThat(context).hasNotFailed();
            StorageProperties properties = context.getBean(StorageProperties.class);
            assertThat(properties.s3().multipartThreshold().toMegabytes()).isEqualTo(32);
            assertThat(properties.s3().maxAttempts()).isEqualTo(2);
            assertThat(properties.s3().toString()).doesNotContain(S3ProxyServer.SECRET_KEY);
            ObjectStore store = context.getBean(ObjectStore.class);
            assertThat(store).isInstanceOf(S3ObjectStore.class);
            assertThat(store.toString()).contains("s3://from-env/tenfold/test/");
            store.put("a/b.bin", new byte[] {1});
            assertThat(store.read("a/b.bin")).containsExactly(1);
            seen[0] = store;
        });
        assertThatThrownBy(() -> seen[0].read("a/b.bin")).as("the client is closed with the context")
                .hasMessageContaining("shut down");
    }

    @Test
    void s3WithoutABucketDoesNotStart() {
        runner(Map.of("TENFOLD_STORAGE_TYPE", "s3")).run(context -> assertThat(context).getFailure()
                .rootCause().hasMessageContaining("tenfold.storage.s3.bucket (TENFOLD_STORAGE_S3_BUCKET) must be set"));
    }

    @Test
    void partsBelowS3sMinimumAreRefused() {
        runner(Map.of("TENFOLD_STORAGE_TYPE", "s3", "TENFOLD_STORAGE_S3_BUCKET", "b",
                "TENFOLD_STORAGE_S3_PART_SIZE", "1MB")).run(context -> assertThat(context).getFailure()
                        .rootCause().hasMessageContaining("part-size must be at least 5MB"));
    }

    @Test
    void anUnknownTypeIsRefused() {
        runner(Map.of("TENFOLD_STORAGE_TYPE", "ftp")).run(context -> assertThat(context).hasFailed());
    }
}
