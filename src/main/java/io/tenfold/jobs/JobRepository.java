package io.tenfold.jobs;

import io.tenfold.training.EpochMetrics;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The jobs table, which is also the queue. Workers claim the oldest claimable row with
 * {@code FOR UPDATE SKIP LOCKED} (the same query on PostgreSQL and H2), hold it by a lease, and make
 * every write conditional on still holding it, so a worker that lost its lease cannot overwrite the
 * work of the one that took over.
 */
@Repository
public class JobRepository {

    private static final String CLAIMABLE = """
            SELECT id, state, attempt, max_attempts, cancel_requested FROM jobs
            WHERE state = 'QUEUED' OR (state = 'RUNNING' AND lease_expires_at < :now)
            ORDER BY created_at, id
            LIMIT 1 FOR UPDATE SKIP LOCKED""";

    /**
     * Jobs with their epochs' metrics and queue positions, in one statement: the rows of {@code %s}
     * (a query of jobs), each joined to its epochs, in the order {@code %s} (of {@code j}), epochs
     * in order within a job.
     */
    private static final String WITH_EPOCHS = """
            SELECT j.*, e.metrics AS epoch_metrics,
                CASE WHEN j.state = 'QUEUED' THEN (SELECT COUNT(*) FROM jobs q WHERE q.state = 'QUEUED'
                    AND (q.created_at < j.created_at OR (q.created_at = j.created_at AND q.id <= j.id))) END
                    AS queue_position
            FROM (%s) j LEFT JOIN job_epochs e ON e.job_id = j.id
            ORDER BY %s, e.epoch""";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransactionTemplate transaction;

    JobRepository(JdbcClient jdbc, JsonMapper json, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.json = json;
        this.transaction = transaction;
    }

    void insert(String id, JobSpec spec, String idempotencyKey, int maxAttempts, Instant createdAt) {
        jdbc.sql("""
                INSERT INTO jobs (id, dataset_id, idempotency_key, state, spec, max_attempts, epochs, created_at)
                VALUES (:id, :datasetId, :key, 'QUEUED', :spec, :maxAttempts, :epochs, :createdAt)""")
                .param("id", id)
                .param("datasetId", spec.datasetId())
                .param("key", idempotencyKey)
                .param("spec", json.writeValueAsString(spec))
                .param("maxAttempts", maxAttempts)
                .param("epochs", spec.epochs())
                .param("createdAt", ts(createdAt))
                .update();
    }

    public Optional<Job> find(String id) {
        return jdbc.sql(WITH_EPOCHS.formatted("SELECT * FROM jobs WHERE id = :id", "j.id")).param("id", id)
                .query((ResultSetExtractor<List<Job>>) this::jobs).stream().findFirst();
    }

    Optional<Job> findByIdempotencyKey(String key) {
        return jdbc.sql(WITH_EPOCHS.formatted("SELECT * FROM jobs WHERE idempotency_key = :key", "j.id"))
                .param("key", key).query((ResultSetExtractor<List<Job>>) this::jobs).stream().findFirst();
    }

    /** One page of jobs, newest first, with its epochs, queue positions and the total, in one query. */
    JobPage page(JobState state, int page, int size) {
        String where = state == null ? "" : " WHERE state = :state";
        var select = jdbc.sql(WITH_EPOCHS.formatted("SELECT jobs.*, COUNT(*) OVER () AS total_jobs FROM jobs" + where
                        + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset", "j.created_at DESC, j.id"))
                .param("limit", size)
                .param("offset", (long) page * size);
        if (state != null) {
            select = select.param("state", state.name());
        }
        long[] total = {-1};
        List<Job> jobs = select.query((ResultSetExtractor<List<Job>>) rs -> jobs(rs, total));
        if (total[0] < 0) {   // a page past the end has no row to carry the total
            var count = jdbc.sql("SELECT COUNT(*) FROM jobs" + where);
            total[0] = (state == null ? count : count.param("state", state.name())).query(Long.class).single();
        }
        return new JobPage(jobs, page, size, total[0]);
    }

    /**
     * Claims the oldest queued job, or a running one whose lease expired (its worker died). A job
     * whose attempts are used up is failed instead, with the reason.
     */
    public Optional<Lease> claimNext(String owner, Duration leaseDuration) {
        return transaction.execute(status -> {
            while (true) {
                Instant now = Instant.now();
                Optional<Candidate> candidate = jdbc.sql(CLAIMABLE).param("now", ts(now))
                        .query((rs, row) -> new Candidate(rs.getString("id"), JobState.valueOf(rs.getString("state")),
                                rs.getInt("attempt"), rs.getInt("max_attempts"), rs.getBoolean("cancel_requested")))
                        .optional();
                if (candidate.isEmpty()) {
                    return Optional.<Lease>empty();
                }
                Candidate job = candidate.get();
                if (job.state() == JobState.RUNNING && job.cancelRequested()) {
                    end(job.id(), JobState.CANCELLED, null, null, now);
                    continue;
                }
                if (job.state() == JobState.RUNNING && job.attempt() >= job.maxAttempts()) {
                    end(job.id(), JobState.FAILED, null, "the worker stopped heartbeating on each of %d attempts"
                            .formatted(job.attempt()), now);
                    continue;
                }
                int attempt = job.attempt() + 1;
                jdbc.sql("""
                        UPDATE jobs SET state = 'RUNNING', attempt = :attempt, lease_owner = :owner,
                            lease_expires_at = :expires, heartbeat_at = :now, phase = :starting,
                            started_at = COALESCE(started_at, :now)
                        WHERE id = :id""")
                        .param("id", job.id())
                        .param("attempt", attempt)
                        .param("starting", Job.Phase.STARTING.name())
                        .param("owner", owner)
                        .param("expires", ts(now.plus(leaseDuration)))
                        .param("now", ts(now))
                        .update();
                return Optional.of(new Lease(job.id(), owner, attempt));
            }
        });
    }

    private record Candidate(String id, JobState state, int attempt, int maxAttempts, boolean cancelRequested) {
    }

    /** Extends the lease; false if it is no longer held. */
    public boolean renew(Lease lease, Duration leaseDuration) {
        Instant now = Instant.now();
        return jdbc.sql(held("UPDATE jobs SET lease_expires_at = :expires, heartbeat_at = :now"))
                .param("expires", ts(now.plus(leaseDuration)))
                .param("now", ts(now))
                .params(leaseParams(lease))
                .update() > 0;
    }

    public boolean progress(Lease lease, Job.Progress progress) {
        return jdbc.sql(held("""
                UPDATE jobs SET phase = :phase, epoch = :epoch, fraction = :fraction, last_loss = :loss,
                    images_per_second = :ips"""))
                .param("phase", progress.phase().name())
                .param("epoch", progress.epoch())
                .param("fraction", progress.fraction())
                .param("loss", progress.loss())
                .param("ips", progress.imagesPerSecond())
                .params(leaseParams(lease))
                .update() > 0;
    }

    /** Records an epoch's metrics; replaying an epoch after a resume replaces its row. */
    public boolean recordEpoch(Lease lease, EpochMetrics metrics) {
        Boolean held = transaction.execute(status -> {
            int updated = jdbc.sql(held("UPDATE jobs SET epoch = :epoch"))
                    .param("epoch", metrics.epoch())
                    .params(leaseParams(lease))
                    .update();
            if (updated == 0) {
                return false;
            }
            jdbc.sql("DELETE FROM job_epochs WHERE job_id = :id AND epoch = :epoch")
                    .param("id", lease.jobId()).param("epoch", metrics.epoch()).update();
            jdbc.sql("INSERT INTO job_epochs (job_id, epoch, metrics) VALUES (:id, :epoch, :metrics)")
                    .param("id", lease.jobId())
                    .param("epoch", metrics.epoch())
                    .param("metrics", json.writeValueAsString(metrics))
                    .update();
            return true;
        });
        return Boolean.TRUE.equals(held);
    }

    /**
     * Notes that this attempt resumed from a checkpoint, and makes the recorded epochs exactly the
     * checkpoint's history: the checkpoint is written before an epoch's row, so a worker that died
     * between the two left one row missing, and rows past the checkpoint will be redone.
     */
    public boolean resumedFrom(Lease lease, List<EpochMetrics> history) {
        int epoch = history.isEmpty() ? 0 : history.get(history.size() - 1).epoch();
        Boolean held = transaction.execute(status -> {
            if (jdbc.sql(held("UPDATE jobs SET resumed_from_epoch = :epoch, epoch = :epoch")).param("epoch", epoch)
                    .params(leaseParams(lease)).update() == 0) {
                return false;
            }
            jdbc.sql("DELETE FROM job_epochs WHERE job_id = :id").param("id", lease.jobId()).update();
            for (EpochMetrics metrics : history) {
                jdbc.sql("INSERT INTO job_epochs (job_id, epoch, metrics) VALUES (:id, :epoch, :metrics)")
                        .param("id", lease.jobId())
                        .param("epoch", metrics.epoch())
                        .param("metrics", json.writeValueAsString(metrics))
                        .update();
            }
            return true;
        });
        return Boolean.TRUE.equals(held);
    }

    /** Records the strategy the attempt runs and why; each attempt records it again (the same). */
    public boolean recordDecision(Lease lease, Job.StrategyDecision decision) {
        return jdbc.sql(held("UPDATE jobs SET strategy_decision = :decision"))
                .param("decision", json.writeValueAsString(decision))
                .params(leaseParams(lease))
                .update() > 0;
    }

    public boolean cancelRequested(String id) {
        return jdbc.sql("SELECT cancel_requested FROM jobs WHERE id = :id").param("id", id)
                .query(Boolean.class).optional().orElse(true);
    }

    /** Marks the job SUCCEEDED if the lease is still held; run it in the transaction that records the model. */
    public boolean succeed(Lease lease, String modelId) {
        return finishHeld(lease, JobState.SUCCEEDED, modelId, null);
    }

    public boolean fail(Lease lease, String error) {
        return finishHeld(lease, JobState.FAILED, null, error);
    }

    public boolean cancelled(Lease lease) {
        return finishHeld(lease, JobState.CANCELLED, null, null);
    }

    /** Gives a job back to the queue when its worker stops cleanly; the attempt is not counted. */
    public boolean release(Lease lease) {
        return jdbc.sql(held("""
                UPDATE jobs SET state = 'QUEUED', attempt = attempt - 1, lease_owner = NULL,
                    lease_expires_at = NULL, phase = NULL"""))
                .params(leaseParams(lease))
                .update() > 0;
    }

    /** Puts a held job back in the queue with its attempt counted (release gives the attempt back). */
    public boolean requeue(Lease lease) {
        return jdbc.sql(held("""
                UPDATE jobs SET state = 'QUEUED', lease_owner = NULL, lease_expires_at = NULL, phase = NULL"""))
                .params(leaseParams(lease))
                .update() > 0;
    }

    /**
     * Jobs left RUNNING by the last process, for a single-process embedded database at start: a
     * clean stop gives its job back ({@link #release}), so these were interrupted by a crash, and
     * their attempt counts. Those with attempts left go back to the queue; the others fail, so a
     * job that crashes the process cannot take it down again on every start.
     */
    public Interrupted requeueAfterCrash() {
        return transaction.execute(status -> {
            int failed = jdbc.sql("""
                    UPDATE jobs SET state = 'FAILED', finished_at = :now, lease_owner = NULL, lease_expires_at = NULL,
                        phase = NULL, error = 'the service stopped without finishing it (a crash or a kill) on each of '
                            || CAST(attempt AS VARCHAR(10)) || ' attempts'
                    WHERE state = 'RUNNING' AND attempt >= max_attempts""").param("now", ts(Instant.now())).update();
            int requeued = jdbc.sql("""
                    UPDATE jobs SET state = 'QUEUED', lease_owner = NULL, lease_expires_at = NULL, phase = NULL
                    WHERE state = 'RUNNING'""").update();
            return new Interrupted(requeued, failed);
        });
    }

    /** What {@link #requeueAfterCrash} did. */
    public record Interrupted(int requeued, int failed) {
    }

    /** Cancels a queued job at once, or asks a running one to stop; false if it had already ended. */
    boolean requestCancel(String id) {
        Boolean changed = transaction.execute(status -> {
            int queued = jdbc.sql("""
                    UPDATE jobs SET state = 'CANCELLED', cancel_requested = TRUE, finished_at = :now
                    WHERE id = :id AND state = 'QUEUED'""")
                    .param("id", id).param("now", ts(Instant.now())).update();
            return queued > 0 || jdbc.sql("UPDATE jobs SET cancel_requested = TRUE WHERE id = :id AND state = 'RUNNING'")
                    .param("id", id).update() > 0;
        });
        return Boolean.TRUE.equals(changed);
    }

    /** Queues a FAILED or CANCELLED job again with fresh attempts; its checkpoints are kept. */
    boolean retry(String id) {
        return jdbc.sql("""
                UPDATE jobs SET state = 'QUEUED', attempt = 0, error = NULL, cancel_requested = FALSE,
                    finished_at = NULL, lease_owner = NULL, lease_expires_at = NULL, phase = NULL
                WHERE id = :id AND state IN ('FAILED', 'CANCELLED')""")
                .param("id", id).update() > 0;
    }

    private boolean finishHeld(Lease lease, JobState state, String modelId, String error) {
        return jdbc.sql(held("""
                UPDATE jobs SET state = :state, model_id = :modelId, error = :error, finished_at = :now,
                    lease_owner = NULL, lease_expires_at = NULL, phase = NULL,
                    fraction = CASE WHEN :state = 'SUCCEEDED' THEN 1.0 ELSE fraction END"""))
                .param("state", state.name())
                .param("modelId", modelId)
                .param("error", error)
                .param("now", ts(Instant.now()))
                .params(leaseParams(lease))
                .update() > 0;
    }

    private void end(String id, JobState state, String modelId, String error, Instant now) {
        jdbc.sql("""
                UPDATE jobs SET state = :state, model_id = :modelId, error = :error, finished_at = :now,
                    lease_owner = NULL, lease_expires_at = NULL, phase = NULL
                WHERE id = :id""")
                .param("id", id)
                .param("state", state.name())
                .param("modelId", modelId)
                .param("error", error)
                .param("now", ts(now))
                .update();
    }

    private static String held(String update) {
        return update + " WHERE id = :jobId AND lease_owner = :owner AND attempt = :attempt AND state = 'RUNNING'";
    }

    private static java.util.Map<String, Object> leaseParams(Lease lease) {
        return java.util.Map.of("jobId", lease.jobId(), "owner", lease.owner(), "attempt", lease.attempt());
    }

    private List<Job> jobs(ResultSet rs) throws SQLException {
        return jobs(rs, null);
    }

    /** Rows of {@link #WITH_EPOCHS}, one job per run of rows; {@code total[0]}, if given, gets the {@code total_jobs} column's value. */
    private List<Job> jobs(ResultSet rs, long[] total) throws SQLException {
        List<Job> jobs = new java.util.ArrayList<>();
        String current = null;
        List<EpochMetrics> epochs = null;
        while (rs.next()) {
            String id = rs.getString("id");
            if (!id.equals(current)) {
                current = id;
                epochs = new java.util.ArrayList<>();
                jobs.add(map(rs, epochs));
                if (total != null) {
                    total[0] = rs.getLong("total_jobs");
                }
            }
            String metrics = rs.getString("epoch_metrics");
            if (metrics != null) {
                epochs.add(json.readValue(metrics, EpochMetrics.class));
            }
        }
        return jobs;
    }

    /** The job on the current row; {@code epochs} is filled in by the caller from this and the following rows. */
    private Job map(ResultSet rs, List<EpochMetrics> epochs) throws SQLException {
        String id = rs.getString("id");
        JobState state = JobState.valueOf(rs.getString("state"));
        Instant createdAt = rs.getTimestamp("created_at").toInstant();
        JobSpec spec = json.readValue(rs.getString("spec"), JobSpec.class);
        return new Job(
                id,
                spec,
                state,
                state == JobState.QUEUED ? (Integer) rs.getInt("queue_position") : null,
                rs.getInt("attempt"),
                rs.getInt("max_attempts"),
                new Job.Progress(phase(rs.getString("phase")), rs.getInt("epoch"), rs.getInt("epochs"),
                        rs.getDouble("fraction"), nullableDouble(rs, "last_loss"),
                        nullableDouble(rs, "images_per_second")),
                epochs,
                (Integer) rs.getObject("resumed_from_epoch"),
                rs.getString("model_id"),
                rs.getString("error"),
                rs.getBoolean("cancel_requested"),
                rs.getString("lease_owner"),
                createdAt,
                instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("finished_at")),
                decision(rs.getString("strategy_decision")));
    }

    private Job.StrategyDecision decision(String stored) {
        return stored == null ? null : json.readValue(stored, Job.StrategyDecision.class);
    }

    private static Job.Phase phase(String stored) {
        return stored == null ? null : Job.Phase.valueOf(stored);
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
