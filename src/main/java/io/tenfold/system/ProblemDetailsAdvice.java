package io.tenfold.system;

import io.tenfold.image.DecoderBusyException;
import io.tenfold.image.ImageRejectedException;
import io.tenfold.inference.ForwardBatcher;
import io.tenfold.storage.StoreUnavailableException;
import io.tenfold.validation.InvalidFieldException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every error leaves as application/problem+json with a message a person can act on. */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    private static final int DEPENDENCY_RETRY_SECONDS = 5;

    @ExceptionHandler(ImageRejectedException.class)
    ProblemDetail imageRejected(ImageRejectedException e) {
        HttpStatus status = switch (e.reason()) {
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case UNSUPPORTED -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
            case UNDECODABLE -> HttpStatus.UNPROCESSABLE_CONTENT;
        };
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setTitle("Image rejected");
        return problem;
    }

    @ExceptionHandler(InvalidFieldException.class)
    ProblemDetail invalidField(InvalidFieldException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid request");
        if (!e.field().isEmpty()) {
            problem.setProperty("field", e.field());
        }
        return problem;
    }

    @ExceptionHandler(ForwardBatcher.QueueFullException.class)
    ResponseEntity<ProblemDetail> queueFull(ForwardBatcher.QueueFullException e) {
        return busy("The model's queue is full (%s); try again shortly.".formatted(e.getMessage()),
                e.retryAfterSeconds());
    }

    @ExceptionHandler(ForwardBatcher.UnavailableException.class)
    ResponseEntity<ProblemDetail> modelUnavailable(ForwardBatcher.UnavailableException e) {
        log.warn("Classification unavailable: {}", e.getMessage(), e.getCause());
        return busy("The model cannot answer right now; try again shortly.", e.retryAfterSeconds());
    }

    /** The database is away (down, restarting, unreachable): nothing is lost, and the client should come back. */
    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class,
        RecoverableDataAccessException.class, CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> databaseAway(RuntimeException e) {
        log.warn("Database unavailable: {}", e.toString());
        return busy("The service's database is unavailable; try again shortly.", DEPENDENCY_RETRY_SECONDS);
    }

    /** The object store is away; the same. */
    @ExceptionHandler(StoreUnavailableException.class)
    ResponseEntity<ProblemDetail> storeAway(StoreUnavailableException e) {
        log.warn("Object store unavailable: {}", e.getMessage());
        return busy("The service's object store is unavailable; try again shortly.", DEPENDENCY_RETRY_SECONDS);
    }

    @ExceptionHandler(DecoderBusyException.class)
    ResponseEntity<ProblemDetail> decoderBusy(DecoderBusyException e) {
        return busy("Too many large images are being decoded at once (%s); try again shortly."
                .formatted(e.getMessage()), e.retryAfterSeconds());
    }

    private static ResponseEntity<ProblemDetail> busy(String detail, int retryAfterSeconds) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setTitle("Busy");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** A multipart body that cannot be parsed (no boundary, never closed, a part header too long). */
    @ExceptionHandler(MultipartException.class)
    ProblemDetail malformedMultipart(MultipartException e) {
        if (e instanceof MaxUploadSizeExceededException) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                    "The upload is larger than the service takes (spring.servlet.multipart.max-file-size).");
            problem.setTitle("Upload too large");
            return problem;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request is not well-formed multipart/form-data (a boundary in the Content-Type, and a body that "
                        + "ends with it); send the file as a form part.");
        problem.setTitle("Invalid request");
        return problem;
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("Unhandled error", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The server failed to handle the request; the error is logged.");
        problem.setTitle("Internal error");
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonBodyLimit.BodyTooLargeException tooLarge) {
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                        tooLarge.getMessage());
                problem.setTitle("Request too large");
                return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
            }
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The request body is not valid JSON for this endpoint; see its schema in /v3/api-docs.");
        problem.setTitle("Invalid request");
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = ex.getBindingResult().getFieldErrors();
        String detail = errors.isEmpty()
                ? "The request body is invalid."
                : String.join("; ", errors.stream().map(f -> f.getField() + ": " + f.getDefaultMessage()).toList());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid request");
        if (!errors.isEmpty()) {
            problem.setProperty("field", errors.get(0).getField());
        }
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }
}
