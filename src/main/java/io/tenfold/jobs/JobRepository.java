package io.tenfold.jobs;

import io.tenfold.training.EpochMetrics;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The job table, which is also the queue: workers claim the oldest QUEUED row. */
@Repository
public class JobRepository {

    private static final TypeReference<List<EpochMetrics>> METRICS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    JobRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(String id, JobSpec spec, Instant createdAt) {
        jdbc.sql("""
                INSERT INTO jobs (id, dataset_id, state, spec, epochs, created_at)
                VALUES (:id, :datasetId, 'QUEUED', :spec, :epochs, :createdAt)""")
                .param("id", id)
                .param("datasetId", spec.datasetId())
                .param("spec", json.writeValueAsString(spec))
                .param("epochs", spec.epochs())
                .param("createdAt", Timestamp.from(createdAt))
                .update();
    }

    public Optional<Job> find(String id) {
        return jdbc.sql("SELECT * FROM jobs WHERE id = :id").param("id", id).query(this::map).optional();
    }

    List<Job> list() {
        return jdbc.sql("SELECT * FROM jobs ORDER BY created_at DESC").query(this::map).list();
    }

    /** Takes the oldest queued job; SKIP LOCKED lets several workers claim at once without collisions. */
    @Transactional
    public Optional<Job> claimNext() {
        Optional<String> id = jdbc.sql("""
                SELECT id FROM jobs WHERE state = 'QUEUED' ORDER BY created_at, id
                LIMIT 1 FOR UPDATE SKIP LOCKED""")
                .query(String.class).optional();
        id.ifPresent(jobId -> jdbc.sql("""
                UPDATE jobs SET state = 'RUNNING', started_at = :now, epoch = 0, fraction = 0, metrics = '[]'
                WHERE id = :id""")
                .param("id", jobId)
                .param("now", Timestamp.from(Instant.now()))
                .update());
        return id.flatMap(this::find);
    }

    /** Puts jobs left RUNNING by a process that stopped back in the queue. */
    public int requeueRunning() {
        return jdbc.sql("UPDATE jobs SET state = 'QUEUED', started_at = NULL WHERE state = 'RUNNING'").update();
    }

    public void progress(String id, int epoch, double fraction) {
        jdbc.sql("UPDATE jobs SET epoch = :epoch, fraction = :fraction WHERE id = :id")
                .param("id", id).param("epoch", epoch).param("fraction", fraction).update();
    }

    public void metrics(String id, List<EpochMetrics> metrics) {
        jdbc.sql("UPDATE jobs SET metrics = :metrics WHERE id = :id")
                .param("id", id).param("metrics", json.writeValueAsString(metrics)).update();
    }

    public boolean cancelRequested(String id) {
        return jdbc.sql("SELECT cancel_requested FROM jobs WHERE id = :id").param("id", id)
                .query(Boolean.class).optional().orElse(true);
    }

    public void succeed(String id, String modelId) {
        finish(id, JobState.SUCCEEDED, modelId, null);
    }

    public void fail(String id, String error) {
        finish(id, JobState.FAILED, null, error);
    }

    public void cancelled(String id) {
        finish(id, JobState.CANCELLED, null, null);
    }

    /** Cancels a queued job at once, or asks a running one to stop; returns false if it had already ended. */
    @Transactional
    boolean requestCancel(String id) {
        int queued = jdbc.sql("""
                UPDATE jobs SET state = 'CANCELLED', cancel_requested = TRUE, finished_at = :now
                WHERE id = :id AND state = 'QUEUED'""")
                .param("id", id).param("now", Timestamp.from(Instant.now())).update();
        if (queued > 0) {
            return true;
        }
        return jdbc.sql("UPDATE jobs SET cancel_requested = TRUE WHERE id = :id AND state = 'RUNNING'")
                .param("id", id).update() > 0;
    }

    private void finish(String id, JobState state, String modelId, String error) {
        jdbc.sql("""
                UPDATE jobs SET state = :state, model_id = :modelId, error = :error, finished_at = :now,
                    fraction = CASE WHEN :state = 'SUCCEEDED' THEN 1.0 ELSE fraction END
                WHERE id = :id""")
                .param("id", id)
                .param("state", state.name())
                .param("modelId", modelId)
                .param("error", error)
                .param("now", Timestamp.from(Instant.now()))
                .update();
    }

    private Job map(ResultSet rs, int row) throws SQLException {
        return new Job(
                rs.getString("id"),
                json.readValue(rs.getString("spec"), JobSpec.class),
                JobState.valueOf(rs.getString("state")),
                rs.getInt("epoch"),
                rs.getDouble("fraction"),
                json.readValue(rs.getString("metrics"), METRICS),
                rs.getString("model_id"),
                rs.getString("error"),
                rs.getBoolean("cancel_requested"),
                rs.getTimestamp("created_at").toInstant(),
                instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("finished_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
