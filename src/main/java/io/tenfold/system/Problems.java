package io.tenfold.system;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Builds the exceptions that leave the API as application/problem+json. */
public final class Problems {

    private Problems() {
    }

    public static ErrorResponseException of(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }

    /** The request conflicts with the resource's current state (409). */
    public static ErrorResponseException conflict(String title, String detail) {
        return of(HttpStatus.CONFLICT, title, detail);
    }

    /** The service is at capacity (503); the client should retry after the given seconds. */
    public static ErrorResponseException busy(String detail, int retryAfterSeconds) {
        ErrorResponseException busy = of(HttpStatus.SERVICE_UNAVAILABLE, "Busy", detail);
        busy.getHeaders().set("Retry-After", Integer.toString(retryAfterSeconds));
        return busy;
    }
}
