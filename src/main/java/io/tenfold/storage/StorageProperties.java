package io.tenfold.storage;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Where objects live: {@code local} (files under {@code tenfold.data-dir}/objects, the embedded
 * default) or {@code s3} (an S3-compatible service). Environment names follow Spring's relaxed
 * binding: {@code TENFOLD_STORAGE_TYPE}, {@code TENFOLD_STORAGE_S3_BUCKET}, ...
 *
 * @param type local (files under the data directory) or s3
 * @param s3   the S3-compatible service, when the type is s3
 */
@ConfigurationProperties(prefix = "tenfold.storage")
@Validated
public record StorageProperties(
        @NotNull @DefaultValue("local") Type type,
        @Valid @NotNull @DefaultValue S3 s3) {

    public enum Type {
        LOCAL, S3
    }

    @AssertTrue(message = "tenfold.storage.s3.bucket (TENFOLD_STORAGE_S3_BUCKET) must be set when "
            + "tenfold.storage.type is s3")
    public boolean isBucketSetForS3() {
        return type != Type.S3 || (s3 != null && s3.bucket() != null && !s3.bucket().isBlank());
    }

    /**
     * An S3-compatible store. Credentials come from the AWS default chain (AWS_ACCESS_KEY_ID and
     * AWS_SECRET_ACCESS_KEY, profiles, container and instance roles) unless both keys are given here.
     *
     * @param bucket the bucket; required when the type is s3
     * @param prefix a folder in the bucket under which every key goes, empty for none
     * @param endpoint the service's URL for MinIO, S3Proxy and the like; none for AWS S3
     * @param region the service's region (any for MinIO and S3Proxy)
     * @param pathStyle {@code http://host/bucket/key} instead of {@code http://bucket.host/key} (MinIO, S3Proxy)
     * @param accessKey the access key, with secretKey; none for the AWS default credentials chain
     * @param secretKey the secret key, with accessKey; never logged
     * @param multipartThreshold files above this size go up in parts
     * @param partSize the size of those parts (S3's minimum is 5MB)
     * @param maxAttempts attempts per request, the first included, before a transient failure is reported
     * @param initialBackoff the ceiling of the first wait between attempts; it doubles up to maxBackoff
     * @param maxBackoff the ceiling of any wait between attempts
     * @param connectTimeout how long a connection to the service may take to open
     * @param socketTimeout how long a read or write on an open connection may wait
     * @param callTimeout the longest one attempt of a request may take, start to answer
     * @param createBucket create the bucket at start if it is missing (compose files, tests)
     */
    public record S3(
            String bucket,
            @NotNull @DefaultValue("") String prefix,
            URI endpoint,
            @NotBlank @DefaultValue("us-east-1") String region,
            @DefaultValue("false") boolean pathStyle,
            String accessKey,
            String secretKey,
            @NotNull @DefaultValue("16MB") DataSize multipartThreshold,
            @NotNull @DefaultValue("8MB") DataSize partSize,
            @Positive @Max(100) @DefaultValue("5") int maxAttempts,
            @NotNull @DefaultValue("200ms") Duration initialBackoff,
            @NotNull @DefaultValue("10s") Duration maxBackoff,
            @NotNull @DefaultValue("5s") Duration connectTimeout,
            @NotNull @DefaultValue("60s") Duration socketTimeout,
            @NotNull @DefaultValue("120s") Duration callTimeout,
            @DefaultValue("false") boolean createBucket) {

        @AssertTrue(message = "tenfold.storage.s3.part-size must be at least 5MB (S3's minimum part size) and "
                + "at most 1GB")
        public boolean isPartSizeAllowed() {
            return partSize == null || (partSize.toBytes() >= 5L << 20 && partSize.toBytes() <= 1L << 30);
        }

        @AssertTrue(message = "tenfold.storage.s3.multipart-threshold must be positive")
        public boolean isMultipartThresholdPositive() {
            return multipartThreshold == null || multipartThreshold.toBytes() > 0;
        }

        @AssertTrue(message = "tenfold.storage.s3.access-key and secret-key go together: set both or neither")
        public boolean isKeyPairComplete() {
            return isBlank(accessKey) == isBlank(secretKey);
        }

        @AssertTrue(message = "tenfold.storage.s3.initial-backoff must not exceed max-backoff")
        public boolean isBackoffOrdered() {
            return initialBackoff == null || maxBackoff == null
                    || (!initialBackoff.isNegative() && initialBackoff.compareTo(maxBackoff) <= 0);
        }

        private static boolean isBlank(String s) {
            return s == null || s.isBlank();
        }

        /** Never prints the secret. */
        @Override
        public String toString() {
            return "S3[bucket=%s, prefix=%s, endpoint=%s, region=%s, pathStyle=%s, accessKey=%s, secretKey=%s, "
                    .formatted(bucket, prefix, endpoint, region, pathStyle, accessKey, isBlank(secretKey) ? "" : "***")
                    + "multipartThreshold=%s, partSize=%s, maxAttempts=%d, initialBackoff=%s, maxBackoff=%s, "
                            .formatted(multipartThreshold, partSize, maxAttempts, initialBackoff, maxBackoff)
                    + "connectTimeout=%s, socketTimeout=%s, callTimeout=%s, createBucket=%s]"
                            .formatted(connectTimeout, socketTimeout, callTimeout, createBucket);
        }
    }
}
