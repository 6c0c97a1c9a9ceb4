package io.tenfold.dataset;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An upload that cannot become a dataset; nothing of it is kept. */
public class DatasetRejectedException extends ErrorResponseException {

    public DatasetRejectedException(HttpStatus status, String detail) {
        super(status, problem(status, detail), null);
    }

    private static ProblemDetail problem(HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle("Dataset rejected");
        return problem;
    }
}
