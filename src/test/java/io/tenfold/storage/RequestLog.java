package io.tenfold.storage;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Records every HTTP attempt the S3 client makes (by request type) and can fail chosen requests, so
 * tests count real attempts and break a multipart upload half way.
 */
final class RequestLog implements ExecutionInterceptor {

    private final List<String> attempts = new CopyOnWriteArrayList<>();
    private volatile Function<SdkRequest, RuntimeException> failure = r -> null;
    private volatile Predicate<SdkRequest> loseResponseWhen = r -> false;

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        RuntimeException e = failure.apply(context.request());
        if (e != null) {
            throw e;
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attempts.add(name(context.request()));
    }

    /** The request is carried out, then its response is "lost" (a transient I/O failure). */
    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (loseResponseWhen.test(context.request())) {
            throw SdkClientException.create("simulated lost response",
                    new IOException("connection reset after the request was carried out"));
        }
    }

    void loseResponseWhen(Predicate<SdkRequest> predicate) {
        this.loseResponseWhen = predicate;
    }

    /** Fails matching requests before they are sent, with an error that is not transient. */
    void failWhen(Predicate<SdkRequest> predicate) {
        failWith(r -> predicate.test(r) ? new IllegalStateException("injected failure of " + name(r)) : null);
    }

    /** Fails requests before they are sent with the exception the function returns, if any. */
    void failWith(Function<SdkRequest, RuntimeException> failure) {
        this.failure = failure;
    }

    /** Attempts of requests whose type starts with the name, such as "PutObject". */
    long attempts(String request) {
        return attempts.stream().filter(a -> a.equals(request)).count();
    }

    List<String> all() {
        return List.copyOf(attempts);
    }

    void clear() {
        attempts.clear();
    }

    private static String name(SdkRequest request) {
        return request.getClass().getSimpleName().replace("Request", "");
    }
}
