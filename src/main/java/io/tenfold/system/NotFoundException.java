package io.tenfold.system;

import io.tenfold.validation.Echo;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A 404 for a resource named in the path or the body. */
public class NotFoundException extends ErrorResponseException {

    public NotFoundException(String kind, String id) {
        super(HttpStatus.NOT_FOUND, problem(kind, id), null);
    }

    private static ProblemDetail problem(String kind, String id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No %s with id '%s'.".formatted(kind, Echo.of(id)));
        problem.setTitle(Character.toUpperCase(kind.charAt(0)) + kind.substring(1) + " not found");
        return problem;
    }
}
