package io.tenfold.classify;

import io.tenfold.system.ImageProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Classify's own upload limit, far below the dataset uploads' that Spring's multipart settings
 * set for every endpoint: a request that declares more than its images may be (one image's limit
 * for /classify, the batch's for /classify/batch, plus room for the form) is refused with 413
 * before its body is read.
 */
@Component
class ClassifyUploadLimit extends OncePerRequestFilter {

    private static final Pattern SINGLE = Pattern.compile("/api/v1/models/[^/]+/classify");
    private static final Pattern BATCH = Pattern.compile("/api/v1/models/[^/]+/classify/batch");
    private static final long FORM_OVERHEAD = 64 * 1024;

    private final long single;
    private final long batch;

    ClassifyUploadLimit(ImageProperties images, InferenceProperties inference) {
        this.single = images.maxBytes().toBytes() + FORM_OVERHEAD;
        this.batch = images.maxBytes().toBytes() * inference.maxBatchImages() + FORM_OVERHEAD * inference.maxBatchImages();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !SINGLE.matcher(path).matches() && !BATCH.matcher(path).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = BATCH.matcher(request.getRequestURI()).matches() ? batch : single;
        long length = request.getContentLengthLong();
        if (length > limit) {
            response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setHeader("Connection", "close");
            response.getWriter().write(("{\"type\":\"about:blank\",\"title\":\"Upload too large\",\"status\":413,"
                    + "\"detail\":\"The request is %d bytes; classification takes at most %d (tenfold.images.max-bytes "
                    + "per image). Send a smaller image.\"}").formatted(length, limit));
            return;
        }
        chain.doFilter(request, response);
    }
}
