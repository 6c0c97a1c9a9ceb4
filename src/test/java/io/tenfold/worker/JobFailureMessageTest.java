package io.tenfold.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenfold.image.ImageRejectedException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

/** A failed job's error, which any key that can read the job sees, says what to do and leaks no internals. */
class JobFailureMessageTest {

    @Test
    void noObjectKeysSqlOrLibraryMessagesReachTheJob() {
        String s3 = JobWorker.describe(new IOException("S3 GET of 'datasets/9f2c/images/17.png' in bucket 'tenfold-prod' "
                + "failed after 5 attempts: HTTP 503 SlowDown"));
        String sql = JobWorker.describe(new DataAccessResourceFailureException("PreparedStatementCallback; SQL [UPDATE "
                + "jobs SET phase = ? WHERE id = ? AND lease_owner = ?]; Connection refused"));
        String missing = JobWorker.describe(new NoSuchFileException("datasets/9f2c/images/17.png"));
        String internal = JobWorker.describe(new IllegalStateException("ND4J workspace WS_LAYER_ACT_0 is not open"));
        String image = JobWorker.describe(new ImageRejectedException(ImageRejectedException.Reason.TOO_LARGE,
                "image is 30000x30000 pixels"));
        for (String description : new String[] {s3, sql, missing, internal, image}) {
            assertThat(description).doesNotContain("datasets/", "bucket", "SQL", "UPDATE", "WS_LAYER", "Exception");
        }
        assertThat(s3).contains("retry");
        assertThat(sql).contains("database");
        assertThat(missing).contains("upload the dataset again");
        assertThat(image).contains("too large");
    }
}
