package io.tenfold.support;

import io.tenfold.storage.StorageProperties;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.springframework.util.unit.DataSize;

/** An in-memory S3Proxy on a random loopback port, spoken to over HTTP with AWS signatures. */
public final class S3ProxyServer implements AutoCloseable {

    public static final String ACCESS_KEY = "tenfold-test";
    public static final String SECRET_KEY = "tenfold-test-secret";

    private final S3Proxy proxy;

    private S3ProxyServer(S3Proxy proxy) {
        this.proxy = proxy;
    }

    public static S3ProxyServer start() throws Exception {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(BlobStores.create("transient", new Properties()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                proxy.stop();
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(5);
        }
        return new S3ProxyServer(proxy);
    }

    public int port() {
        return proxy.getPort();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /**
     * Settings for a store on this server (or on whatever listens at endpoint), path-style, with
     * test-sized backoff (10 to 50 ms) and timeouts; the bucket is created if missing.
     */
    public static StorageProperties.S3 settings(URI endpoint, String bucket, String secretKey, int maxAttempts,
            DataSize multipartThreshold, DataSize partSize) {
        return new StorageProperties.S3(bucket, "", endpoint, "us-east-1", true, ACCESS_KEY, secretKey,
                multipartThreshold, partSize, maxAttempts, Duration.ofMillis(10), Duration.ofMillis(50),
                Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(20), true);
    }

    public StorageProperties.S3 settings(String bucket) {
        return settings(endpoint(), bucket, SECRET_KEY, 3, DataSize.ofMegabytes(16), DataSize.ofMegabytes(8));
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
