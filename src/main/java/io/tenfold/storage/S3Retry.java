package io.tenfold.storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * How the S3 store retries: a request that fails transiently (5xx, 408, 429, throttling, a
 * refused, reset or timed-out connection) is tried again after exponential backoff with full
 * jitter, up to {@code maxAttempts} attempts in all; anything else fails at once. The SDK's own
 * retries are off, so the attempt count an error reports is the real one, and the error says
 * what to check (credentials, bucket, region) when it is not transient.
 */
final class S3Retry {

    private static final Set<String> TRANSIENT_CODES = Set.of("InternalError", "ServiceUnavailable", "SlowDown",
            "RequestTimeout", "RequestTimeoutException", "Throttling", "ThrottlingException", "TooManyRequests",
            "RequestLimitExceeded", "BandwidthLimitExceeded", "PriorRequestNotComplete");
    private static final Logger log = LoggerFactory.getLogger(S3Retry.class);

    private final String bucket;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    S3Retry(String bucket, int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("Backoff must satisfy 0 <= initial <= max: " + initialBackoff
                    + ", " + maxBackoff);
        }
        this.bucket = bucket;
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    /** One S3 request. */
    @FunctionalInterface
    interface S3Call<T> {
        T run();
    }

    /** Thrown inside a call to leave the retry loop with a NoSuchFileException. */
    static final class MissingKey extends RuntimeException {
        MissingKey(Throwable cause) {
            super(cause);
        }
    }

    /**
     * Runs {@code request}, again after a backoff while it fails transiently, at most
     * {@code maxAttempts} times; a request that throws {@link MissingKey} is a missing object.
     */
    <T> T call(String operation, String key, S3Call<T> request) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return request.run();
            } catch (MissingKey e) {
                NoSuchFileException missing = new NoSuchFileException(key, null,
                        "no such object in bucket '" + bucket + "'");
                missing.initCause(e.getCause());
                throw missing;
            } catch (RuntimeException e) {
                boolean transientFailure = isTransient(e);
                if (!transientFailure) {
                    throw failure(operation, key, attempt, false, e);
                }
                if (attempt >= maxAttempts) {
                    S3RequestException failure = failure(operation, key, attempt, true, e);
                    throw new StoreUnavailableException(failure.getMessage(), failure);
                }
                Duration delay = backoff(attempt);
                log.warn("S3 {} of '{}' failed (attempt {} of {}): {}; retrying in {} ms", operation, key, attempt,
                        maxAttempts, describe(e), delay.toMillis());
                sleep(delay);
            }
        }
    }

    /** Full jitter: a uniform delay in [0, min(max, initial * 2^(attempt-1))]. */
    private Duration backoff(int attempt) {
        long ceiling = initialBackoff.toNanos() << Math.min(attempt - 1, 30);
        if (ceiling <= 0 || ceiling > maxBackoff.toNanos()) {
            ceiling = maxBackoff.toNanos();
        }
        return Duration.ofNanos(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    private static void sleep(Duration delay) throws InterruptedIOException {
        try {
            Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting to retry an S3 request");
        }
    }

    /** A request that failed for good, and after how many attempts. */
    static final class S3RequestException extends IOException {
        private final int attempts;

        S3RequestException(String message, int attempts, Throwable cause) {
            super(message, cause);
            this.attempts = attempts;
        }

        int attempts() {
            return attempts;
        }
    }

    private S3RequestException failure(String operation, String key, int attempts, boolean transientFailure,
            RuntimeException e) {
        String where = key.isEmpty() ? "bucket '" + bucket + "'" : "'" + key + "' in bucket '" + bucket + "'";
        String why = transientFailure
                ? "gave up (tenfold.storage.s3.max-attempts=" + maxAttempts + ")"
                : "not retried: " + hint(e);
        return new S3RequestException("S3 %s of %s failed after %d attempt%s: %s; %s".formatted(operation, where,
                attempts, attempts == 1 ? "" : "s", describe(e), why), attempts, e);
    }

    private static String hint(RuntimeException e) {
        if (e instanceof SdkServiceException s) {
            String code = s instanceof AwsServiceException a ? errorCode(a) : null;
            if (s.statusCode() == 403) {
                return "access refused, check the access key, secret and the bucket's policy";
            }
            if ("NoSuchBucket".equals(code)) {
                return "the bucket does not exist (create it, or set tenfold.storage.s3.create-bucket)";
            }
            if (s.statusCode() == 301 || "PermanentRedirect".equals(code)
                    || "AuthorizationHeaderMalformed".equals(code)) {
                return "check the region, endpoint and path-style setting";
            }
        }
        return "the error is not transient";
    }

    private static String describe(Throwable e) {
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
            return "HTTP %d %s: %s".formatted(s.statusCode(), s.awsErrorDetails().errorCode(),
                    s.awsErrorDetails().errorMessage());
        }
        if (e instanceof SdkServiceException s) {
            return "HTTP " + s.statusCode() + ": " + s.rawMessage();
        }
        // rawMessage leaves out the SDK's own attempt count, which is always 1 here.
        String message = e instanceof SdkException s && s.rawMessage() != null ? s.rawMessage() : e.getMessage();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root == e) {
            return message;
        }
        String rootMessage = root.getMessage();
        return rootMessage != null && message != null && message.contains(rootMessage)
                ? message + " (" + root.getClass().getSimpleName() + ")"
                : message + " (" + root + ")";
    }

    static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    /** 5xx, 408, 429, throttling and timeouts, and I/O failures on the way to the server. */
    static boolean isTransient(Throwable e) {
        if (e instanceof SdkServiceException s) {
            int status = s.statusCode();
            return status >= 500 || status == 408 || status == 429 || s.isThrottlingException()
                    || (s instanceof AwsServiceException a && TRANSIENT_CODES.contains(errorCode(a)));
        }
        if (e instanceof ApiCallAttemptTimeoutException || e instanceof ApiCallTimeoutException) {
            return true;
        }
        if (e instanceof SdkClientException) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof FileSystemException) {
                    return false; // a local file that cannot be read, not the network
                }
                if (cause instanceof IOException) {
                    return true;
                }
            }
            return ((SdkClientException) e).retryable();
        }
        return false;
    }
}
