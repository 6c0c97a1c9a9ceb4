package io.tenfold.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenfold.support.FlakyTcpProxy;
import io.tenfold.support.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/** S3ObjectStore against a real S3Proxy over HTTP, with a flaky TCP proxy for outages. */
class S3ObjectStoreTest {

    private static S3ProxyServer s3;
    private static final AtomicInteger buckets = new AtomicInteger();

    @TempDir
    Path tmp;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyServer.start();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    /** A store on a fresh bucket; the log sees every attempt. */
    private static S3ObjectStore store(URI endpoint, String secret, int maxAttempts, DataSize threshold,
            DataSize partSize, RequestLog log) throws IOException {
        StorageProperties.S3 settings = S3ProxyServer.settings(endpoint, "bucket-" + buckets.incrementAndGet(),
                secret, maxAttempts, threshold, partSize);
        return store(settings, log);
    }

    private static S3ObjectStore store(StorageProperties.S3 settings, RequestLog log) throws IOException {
        // The bucket is made directly, so that the store's first request opens its first connection.
        try (S3ObjectStore direct = S3ObjectStore.create(s3.settings(settings.bucket()))) {
            direct.bucket();
        }
        S3Client client = S3ObjectStore.clientBuilder(settings, o -> o.addExecutionInterceptor(log)).build();
        return S3ObjectStore.fromProperties(settings, client);
    }

    private static S3ObjectStore store(RequestLog log) throws IOException {
        return store(s3.endpoint(), S3ProxyServer.SECRET_KEY, 3, DataSize.ofMegabytes(16), DataSize.ofMegabytes(8),
                log);
    }

    @Test
    void putReadExistsListDeleteAcrossPages() throws Exception {
        RequestLog log = new RequestLog();
        StorageProperties.S3 settings = s3.settings("pages");
        try (S3Client client = S3ObjectStore.clientBuilder(settings, o -> o.addExecutionInterceptor(log)).build()) {
            S3ObjectStore store = S3ObjectStore.builder().setClient(client).setBucket("pages").optListPageSize(2)
                    .build();
            store.createBucketIfMissing();
            store.createBucketIfMissing(); // a second time is fine

            store.put("a/b/one.bin", new byte[] {1, 2});
            Path file = Files.write(tmp.resolve("two.bin"), new byte[] {3});
            store.put("a/two.bin", file);
            for (int i = 0; i < 5; i++) {
                store.put("a/c/" + i + ".bin", new byte[] {(byte) i});
            }
            store.put("ab/not-under-a.bin", new byte[] {9});

            assertThat(store.read("a/b/one.bin")).containsExactly(1, 2);
            try (InputStream in = store.open("a/two.bin")) {
                assertThat(in.readAllBytes()).containsExactly(3);
            }
            assertThat(store.exists("a/two.bin")).isTrue();
            assertThat(store.exists("a/none.bin")).isFalse();

            log.clear();
            assertThat(store.list("a/")).containsExactly("a/b/one.bin", "a/c/0.bin", "a/c/1.bin", "a/c/2.bin",
                    "a/c/3.bin", "a/c/4.bin", "a/two.bin");
            assertThat(log.attempts("ListObjectsV2")).as("7 keys at 2 a page").isEqualTo(4);
            assertThat(store.list("a/c")).hasSize(5);
            assertThat(store.list("nothing")).isEmpty();

            store.deleteAll("a/c");
            assertThat(store.list("a")).containsExactly("a/b/one.bin", "a/two.bin");
            store.delete("a/two.bin");
            store.delete("a/two.bin"); // deleting what is gone is fine
            assertThat(store.list("a")).containsExactly("a/b/one.bin");
            assertThat(store.read("ab/not-under-a.bin")).containsExactly(9);

            assertThatThrownBy(() -> store.open("a/c/0.bin")).isInstanceOf(NoSuchFileException.class)
                    .hasMessageContaining("a/c/0.bin");
            assertThatThrownBy(() -> store.read("a/c/0.bin")).isInstanceOf(NoSuchFileException.class);
            for (String key : new String[] {"../x", "a/../../x", "/etc/passwd", "a//b", "a/", ""}) {
                assertThatThrownBy(() -> store.put(key, new byte[] {1})).as(key)
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Test
    void aPrefixKeepsStoresApart() throws Exception {
        StorageProperties.S3 settings = s3.settings("shared");
        try (S3ObjectStore tenantA = S3ObjectStore.builder().setBucket("shared").optPrefix("tenants/a")
                .setClient(S3ObjectStore.clientBuilder(settings, o -> { }).build()).build();
                S3ObjectStore whole = S3ObjectStore.builder().setBucket("shared")
                        .setClient(S3ObjectStore.clientBuilder(settings, o -> { }).build()).build()) {
            whole.createBucketIfMissing();
            tenantA.put("models/m/x.bin", new byte[] {1});
            whole.put("models/m/y.bin", new byte[] {2});
            assertThat(tenantA.list("models")).containsExactly("models/m/x.bin");
            assertThat(whole.list("tenants")).containsExactly("tenants/a/models/m/x.bin");
            assertThat(tenantA.exists("models/m/y.bin")).isFalse();
            tenantA.deleteAll("models");
            assertThat(whole.list("models")).containsExactly("models/m/y.bin");
        }
    }

    @Test
    void aFileAboveTheThresholdGoesUpInPartsAndRoundTrips() throws Exception {
        RequestLog log = new RequestLog();
        byte[] content = new byte[(int) DataSize.ofMegabytes(5).toBytes() * 2 + 12345];
        new Random(1).nextBytes(content);
        Path file = Files.write(tmp.resolve("big.bin"), content);
        try (S3ObjectStore store = store(s3.endpoint(), S3ProxyServer.SECRET_KEY, 3, DataSize.ofMegabytes(1),
                DataSize.ofMegabytes(5), log)) {
            store.put("models/m/network.zip", file);
            assertThat(log.attempts("CreateMultipartUpload")).isEqualTo(1);
            assertThat(log.attempts("UploadPart")).isEqualTo(3);
            assertThat(log.attempts("CompleteMultipartUpload")).isEqualTo(1);
            assertThat(log.attempts("PutObject")).isZero();
            assertThat(store.read("models/m/network.zip")).isEqualTo(content);
        }
    }

    @Test
    void aFailedMultipartUploadIsAborted() throws Exception {
        RequestLog log = new RequestLog();
        byte[] content = new byte[(int) DataSize.ofMegabytes(5).toBytes() * 2 + 1];
        Path file = Files.write(tmp.resolve("big.bin"), content);
        try (S3ObjectStore store = store(s3.endpoint(), S3ProxyServer.SECRET_KEY, 3, DataSize.ofMegabytes(1),
                DataSize.ofMegabytes(5), log)) {
            log.failWhen(r -> r instanceof UploadPartRequest p && p.partNumber() == 2);
            assertThatThrownBy(() -> store.put("models/m/network.zip", file)).isInstanceOf(IOException.class)
                    .hasMessageContaining("UPLOAD part 2").hasMessageContaining("models/m/network.zip")
                    .hasMessageContaining("after 1 attempt");
            assertThat(log.attempts("AbortMultipartUpload")).isEqualTo(1);
            assertThat(store.exists("models/m/network.zip")).isFalse();
        }
    }

    @Test
    void aCompletionWhoseAnswerWasLostIsRecognised() throws Exception {
        RequestLog log = new RequestLog();
        byte[] content = new byte[(int) DataSize.ofMegabytes(5).toBytes() + 10];
        new Random(2).nextBytes(content);
        Path file = Files.write(tmp.resolve("big.bin"), content);
        try (S3ObjectStore store = store(s3.endpoint(), S3ProxyServer.SECRET_KEY, 3, DataSize.ofMegabytes(1),
                DataSize.ofMegabytes(5), log)) {
            // The first completion is carried out but its answer is lost; the retry is told NoSuchUpload,
            // as S3 answers once an upload is complete.
            AtomicInteger completions = new AtomicInteger();
            log.loseResponseWhen(r -> r instanceof CompleteMultipartUploadRequest && completions.get() == 1);
            log.failWith(r -> r instanceof CompleteMultipartUploadRequest && completions.incrementAndGet() == 2
                    ? S3Exception.builder().statusCode(404).message("The specified upload does not exist")
                            .awsErrorDetails(AwsErrorDetails.builder().errorCode("NoSuchUpload").build()).build()
                    : null);
            store.put("models/m/network.zip", file);
            assertThat(completions).hasValue(2);
            assertThat(log.attempts("CompleteMultipartUpload")).as("sent").isEqualTo(1);
            assertThat(log.attempts("AbortMultipartUpload")).isZero();
            assertThat(store.read("models/m/network.zip")).isEqualTo(content);
        }
    }

    @Test
    void aWrongSecretFailsAtOnceWithAClearError() throws Exception {
        RequestLog log = new RequestLog();
        try (S3ObjectStore store = store(s3.endpoint(), "not-the-secret", 5, DataSize.ofMegabytes(16),
                        DataSize.ofMegabytes(8), log)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> store.put("models/m/manifest.json", new byte[] {1}))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("PUT of 'models/m/manifest.json'")
                    .hasMessageContaining("after 1 attempt:")
                    .hasMessageContaining("HTTP 403")
                    .hasMessageContaining("check the access key");
            assertThat(log.attempts("PutObject")).isEqualTo(1);
            assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
        }
    }

    @Test
    void aPutSucceedsAfterConnectionsAreDropped() throws Exception {
        RequestLog log = new RequestLog();
        try (FlakyTcpProxy proxy = new FlakyTcpProxy(s3.port());
                S3ObjectStore store = store(proxy.endpoint(), S3ProxyServer.SECRET_KEY, 5, DataSize.ofMegabytes(16),
                        DataSize.ofMegabytes(8), log)) {
            proxy.dropNext(3);
            store.put("jobs/j/checkpoint.bin", new byte[] {4, 5, 6});
            assertThat(proxy.dropped()).isEqualTo(3);
            assertThat(log.attempts("PutObject")).isEqualTo(4);
            assertThat(store.read("jobs/j/checkpoint.bin")).containsExactly(4, 5, 6);
        }
    }

    @Test
    void aPermanentOutageFailsWithTheAttemptCount() throws Exception {
        RequestLog log = new RequestLog();
        try (FlakyTcpProxy proxy = new FlakyTcpProxy(s3.port());
                S3ObjectStore store = store(proxy.endpoint(), S3ProxyServer.SECRET_KEY, 3, DataSize.ofMegabytes(16),
                        DataSize.ofMegabytes(8), log)) {
            proxy.setDown(true);
            assertThatThrownBy(() -> store.put("jobs/j/checkpoint.bin", new byte[] {1}))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("PUT of 'jobs/j/checkpoint.bin'")
                    .hasMessageContaining("failed after 3 attempts")
                    .hasMessageContaining("max-attempts=3");
            assertThat(log.attempts("PutObject")).isEqualTo(3);
            assertThat(proxy.accepted()).as("connections").isEqualTo(3);
        }
    }

    @Test
    void aRefusedConnectionIsRetriedThenReported() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        RequestLog log = new RequestLog();
        StorageProperties.S3 settings = S3ProxyServer.settings(URI.create("http://127.0.0.1:" + closedPort), "b",
                S3ProxyServer.SECRET_KEY, 4, DataSize.ofMegabytes(16), DataSize.ofMegabytes(8));
        try (S3Client client = S3ObjectStore.clientBuilder(settings, o -> o.addExecutionInterceptor(log)).build()) {
            S3ObjectStore store = S3ObjectStore.fromProperties(settings, client);
            List<Throwable> failures = new ArrayList<>();
            assertThatThrownBy(() -> store.read("models/m/manifest.json"))
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(NoSuchFileException.class)
                    .hasMessageContaining("GET of 'models/m/manifest.json' in bucket 'b' failed after 4 attempts")
                    .hasMessageContaining("Connection refused");
            assertThat(log.attempts("GetObject")).isEqualTo(4);
            assertThat(failures).isEmpty();
        }
    }
}
