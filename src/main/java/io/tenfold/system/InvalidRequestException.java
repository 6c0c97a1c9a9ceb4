package io.tenfold.system;

import io.tenfold.augment.InvalidAugmentationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A 400 that names the request field at fault. */
public class InvalidRequestException extends ErrorResponseException {

    public InvalidRequestException(String field, String message) {
        super(HttpStatus.BAD_REQUEST, problem(field, message), null);
    }

    /** The augmentation problem as a problem of the request field {@code path} that held the policy. */
    public static InvalidRequestException within(String path, InvalidAugmentationException e) {
        InvalidAugmentationException nested = e.within(path);
        return new InvalidRequestException(nested.field(), nested.problem());
    }

    private static ProblemDetail problem(String field, String message) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, field + ": " + message);
        problem.setTitle("Invalid request");
        problem.setProperty("field", field);
        return problem;
    }
}
