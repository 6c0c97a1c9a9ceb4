package io.tenfold.storage;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Object store on an S3-compatible service (AWS S3, MinIO, S3Proxy). Keys live under an optional
 * prefix in one bucket. Every request is retried on its own after a transient failure ({@link S3Retry}: 5xx,
 * throttling, a refused, reset or timed-out connection) with exponential backoff and full jitter; the
 * SDK's own retries are off, so the attempt count in an error is the real one. Files above the
 * multipart threshold go up in parts, and an upload that fails is aborted.
 *
 * <p>S3 makes a put atomic: a reader sees the whole new object or the old one, never a part. A
 * stream from {@link #open} that breaks mid-way is not resumed; {@link #read} retries the whole read.
 */
public final class S3ObjectStore implements ObjectStore, Closeable {

    /** S3 allows at most this many parts in one upload. */
    static final int MAX_PARTS = 10_000;
    private static final int DELETE_BATCH = 1000;
    private static final Logger log = LoggerFactory.getLogger(S3ObjectStore.class);

    private final S3Client client;
    private final String bucket;
    private final String prefix;
    private final long multipartThreshold;
    private final long partSize;
    private final S3Retry retry;
    private volatile boolean closed;
    private final int listPageSize;

    private S3ObjectStore(Builder builder) {
        this.client = Objects.requireNonNull(builder.client, "client");
        this.bucket = requireText(builder.bucket, "bucket");
        this.prefix = builder.prefix.isEmpty() ? "" : ObjectKeys.requirePrefix(builder.prefix) + "/";
        this.multipartThreshold = requirePositive(builder.multipartThreshold, "multipartThreshold");
        this.partSize = requirePositive(builder.partSize, "partSize");
        this.retry = new S3Retry(bucket, (int) requirePositive(builder.maxAttempts, "maxAttempts"),
                Objects.requireNonNull(builder.initialBackoff, "initialBackoff"),
                Objects.requireNonNull(builder.maxBackoff, "maxBackoff"));
        this.listPageSize = (int) requirePositive(builder.listPageSize, "listPageSize");
        if (listPageSize > 1000) {
            throw new IllegalArgumentException("S3 lists at most 1000 keys a page: " + listPageSize);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The store the configuration asks for, with a client of its own (closed by {@link #close()});
     * creates the bucket first if {@code create-bucket} is set and it does not exist.
     */
    public static S3ObjectStore create(StorageProperties.S3 s3) throws IOException {
        S3ObjectStore store = fromProperties(s3, clientBuilder(s3, o -> { }).build());
        if (s3.createBucket()) {
            try {
                store.createBucketIfMissing();
            } catch (IOException | RuntimeException e) {
                store.close();
                throw e;
            }
        }
        return store;
    }

    /** A store from the configuration on the given client (tests pass one with interceptors). */
    static S3ObjectStore fromProperties(StorageProperties.S3 s3, S3Client client) {
        return builder().setClient(client).setBucket(s3.bucket()).optPrefix(s3.prefix())
                .optMultipartThreshold(s3.multipartThreshold().toBytes()).optPartSize(s3.partSize().toBytes())
                .optMaxAttempts(s3.maxAttempts()).optBackoff(s3.initialBackoff(), s3.maxBackoff()).build();
    }

    /** An S3 client for the configuration, with the SDK's retries off (the store retries). */
    static S3ClientBuilder clientBuilder(StorageProperties.S3 s3,
            Consumer<ClientOverrideConfiguration.Builder> override) {
        AwsCredentialsProvider credentials = s3.accessKey() == null || s3.accessKey().isBlank()
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey()));
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(s3.region()))
                .forcePathStyle(s3.pathStyle())
                .credentialsProvider(credentials)
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(s3.connectTimeout())
                        .socketTimeout(s3.socketTimeout()))
                .overrideConfiguration(o -> {
                    o.retryStrategy(AwsRetryStrategy.doNotRetry());
                    // A deadline per attempt: with S3Retry's attempts and backoff, every call ends in bounded time.
                    o.apiCallAttemptTimeout(s3.callTimeout());
                    o.apiCallTimeout(s3.callTimeout());
                    override.accept(o);
                });
        if (s3.endpoint() != null) {
            builder.endpointOverride(s3.endpoint());
        }
        return builder;
    }

    public String bucket() {
        return bucket;
    }

    /** Creates the bucket unless it exists (for compose files and tests). */
    public void createBucketIfMissing() throws IOException {
        boolean exists = call("HEAD bucket", "", () -> {
            try {
                client.headBucket(b -> b.bucket(bucket));
                return true;
            } catch (SdkServiceException e) {
                if (e.statusCode() == 404) {
                    return false;
                }
                throw e;
            }
        });
        if (!exists) {
            call("CREATE bucket", "", () -> {
                try {
                    return client.createBucket(b -> b.bucket(bucket));
                } catch (AwsServiceException e) {
                    if ("BucketAlreadyOwnedByYou".equals(S3Retry.errorCode(e))) {
                        return null;
                    }
                    throw e;
                }
            });
            log.info("Created bucket {}", bucket);
        }
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        String fullKey = fullKey(key);
        call("PUT", key, () -> client.putObject(b -> b.bucket(bucket).key(fullKey).contentLength((long) bytes.length),
                RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes), bytes.length,
                        "application/octet-stream")));
    }

    @Override
    public void put(String key, Path file) throws IOException {
        String fullKey = fullKey(key);
        long size = Files.size(file);
        if (size > multipartThreshold) {
            putMultipart(key, fullKey, file, size);
        } else {
            call("PUT", key, () -> client.putObject(b -> b.bucket(bucket).key(fullKey).contentLength(size),
                    RequestBody.fromFile(file)));
        }
    }

    private void putMultipart(String key, String fullKey, Path file, long size) throws IOException {
        // Grow the parts if the file would need more than S3 allows.
        long part = Math.max(partSize, (size + MAX_PARTS - 1) / MAX_PARTS);
        if (part > Integer.MAX_VALUE - 16) {
            throw new IOException("File too large for multipart upload with parts held in memory: " + file);
        }
        String uploadId = call("CREATE multipart upload", key,
                () -> client.createMultipartUpload(b -> b.bucket(bucket).key(fullKey)).uploadId());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] buffer = new byte[(int) Math.min(part, size)];
            List<CompletedPart> parts = new ArrayList<>();
            long offset = 0;
            for (int number = 1; offset < size; number++) {
                int length = (int) Math.min(part, size - offset);
                readFully(channel, offset, buffer, length, file);
                int partNumber = number;
                UploadPartResponse response = call("UPLOAD part " + number, key, () -> client.uploadPart(
                        b -> b.bucket(bucket).key(fullKey).uploadId(uploadId).partNumber(partNumber)
                                .contentLength((long) length),
                        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length,
                                "application/octet-stream")));
                parts.add(CompletedPart.builder().partNumber(number).eTag(response.eTag()).build());
                offset += length;
            }
            try {
                call("COMPLETE multipart upload", key, () -> client.completeMultipartUpload(
                        b -> b.bucket(bucket).key(fullKey).uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
            } catch (S3Retry.S3RequestException e) {
                if (!completedByAnEarlierAttempt(e, fullKey, size)) {
                    throw e;
                }
            }
            log.debug("Uploaded {} ({} bytes) in {} parts", key, size, parts.size());
        } catch (IOException | RuntimeException | Error e) {
            abort(fullKey, uploadId, e);
            throw e;
        }
    }

    /**
     * A retried CompleteMultipartUpload answers NoSuchUpload when the attempt whose answer was lost
     * had completed it; the object is then there with the file's size.
     */
    private boolean completedByAnEarlierAttempt(S3Retry.S3RequestException e, String fullKey, long size) {
        if (e.attempts() < 2 || !(e.getCause() instanceof AwsServiceException s)
                || !"NoSuchUpload".equals(S3Retry.errorCode(s))) {
            return false;
        }
        try {
            boolean there = client.headObject(b -> b.bucket(bucket).key(fullKey)).contentLength() == size;
            if (there) {
                log.info("S3 COMPLETE multipart upload of '{}' answered NoSuchUpload on attempt {}, and the object "
                        + "is there with the file's size: an earlier attempt completed it", fullKey, e.attempts());
            }
            return there;
        } catch (RuntimeException head) {
            e.addSuppressed(head);
            return false;
        }
    }

    private void abort(String fullKey, String uploadId, Throwable failure) {
        try {
            client.abortMultipartUpload(b -> b.bucket(bucket).key(fullKey).uploadId(uploadId));
        } catch (RuntimeException e) {
            // A bucket lifecycle rule (AbortIncompleteMultipartUpload) removes what is left.
            log.warn("Could not abort multipart upload {} of {}: {}", uploadId, fullKey, e.toString());
            failure.addSuppressed(e);
        }
    }

    private static void readFully(FileChannel channel, long offset, byte[] buffer, int length, Path file)
            throws IOException {
        ByteBuffer target = ByteBuffer.wrap(buffer, 0, length);
        long position = offset;
        while (target.hasRemaining()) {
            int n = channel.read(target, position);
            if (n < 0) {
                throw new IOException("File shrank during upload: " + file);
            }
            position += n;
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        String fullKey = fullKey(key);
        return call("GET", key, () -> {
            try {
                ResponseInputStream<GetObjectResponse> in = client.getObject(b -> b.bucket(bucket).key(fullKey));
                return (InputStream) in;
            } catch (NoSuchKeyException e) {
                throw new S3Retry.MissingKey(e);
            }
        });
    }

    @Override
    public byte[] read(String key) throws IOException {
        String fullKey = fullKey(key);
        return call("GET", key, () -> {
            try {
                return client.getObjectAsBytes(b -> b.bucket(bucket).key(fullKey)).asByteArrayUnsafe();
            } catch (NoSuchKeyException e) {
                throw new S3Retry.MissingKey(e);
            }
        });
    }

    @Override
    public boolean exists(String key) throws IOException {
        String fullKey = fullKey(key);
        return call("HEAD", key, () -> {
            try {
                client.headObject(b -> b.bucket(bucket).key(fullKey));
                return true;
            } catch (SdkServiceException e) {
                if (e.statusCode() == 404) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public List<String> list(String listPrefix) throws IOException {
        String folder = prefix + ObjectKeys.requirePrefix(listPrefix) + "/";
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = call("LIST", folder, () -> client.listObjectsV2(
                    b -> b.bucket(bucket).prefix(folder).maxKeys(listPageSize).continuationToken(continuation)));
            for (S3Object object : page.contents()) {
                keys.add(object.key().substring(prefix.length()));
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        keys.sort(null);
        return keys;
    }

    @Override
    public void delete(String key) throws IOException {
        String fullKey = fullKey(key);
        call("DELETE", key, () -> client.deleteObject(b -> b.bucket(bucket).key(fullKey)));
    }

    @Override
    public void deleteAll(String deletePrefix) throws IOException {
        List<String> keys = list(deletePrefix);
        for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
            List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH)).stream()
                    .map(k -> ObjectIdentifier.builder().key(prefix + k).build()).toList();
            DeleteObjectsResponse response = call("DELETE objects", deletePrefix, () -> client.deleteObjects(
                    b -> b.bucket(bucket).delete(d -> d.objects(batch).quiet(true))));
            if (response.hasErrors() && !response.errors().isEmpty()) {
                S3Error first = response.errors().get(0);
                throw new IOException("S3 could not delete %d of %d objects under '%s' in bucket '%s'; first: %s (%s %s)"
                        .formatted(response.errors().size(), batch.size(), deletePrefix, bucket, first.key(),
                                first.code(), first.message()));
            }
        }
    }

    /** Closes the S3 client and its connections. */
    @Override
    public void close() {
        closed = true;
        client.close();
    }

    private <T> T call(String operation, String key, S3Retry.S3Call<T> request) throws IOException {
        if (closed) {
            throw new IOException("S3 %s of '%s': the store's S3 client is shut down".formatted(operation, key));
        }
        return retry.call(operation, key, request);
    }

    private String fullKey(String key) {
        return prefix + ObjectKeys.require(key);
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    private static long requirePositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
        return value;
    }

    /** Required: {@code setClient}, {@code setBucket}; the rest has the defaults of the configuration. */
    public static final class Builder {
        private S3Client client;
        private String bucket;
        private String prefix = "";
        private long multipartThreshold = 16L << 20;
        private long partSize = 8L << 20;
        private long maxAttempts = 5;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private long listPageSize = 1000;

        private Builder() {
        }

        /** The client; the store closes it. */
        public Builder setClient(S3Client client) {
            this.client = client;
            return this;
        }

        public Builder setBucket(String bucket) {
            this.bucket = bucket;
            return this;
        }

        /** A folder inside the bucket for every key, such as {@code tenfold/prod}; empty for none. */
        public Builder optPrefix(String prefix) {
            this.prefix = prefix == null ? "" : prefix;
            return this;
        }

        public Builder optMultipartThreshold(long bytes) {
            this.multipartThreshold = bytes;
            return this;
        }

        public Builder optPartSize(long bytes) {
            this.partSize = bytes;
            return this;
        }

        /** Attempts per request, the first one included. */
        public Builder optMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder optBackoff(Duration initial, Duration max) {
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /** Keys asked for per list request (S3's maximum, 1000, by default). */
        public Builder optListPageSize(int keys) {
            this.listPageSize = keys;
            return this;
        }

        public S3ObjectStore build() {
            return new S3ObjectStore(this);
        }
    }

    @Override
    public String toString() {
        return "S3ObjectStore[s3://" + bucket + "/" + prefix + "]";
    }
}
