package io.tenfold.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenfold.training.EpochMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The queue's guarantees, run against each database the service supports (see the subclasses):
 * one claimer per job, lease expiry hands a job to another worker, attempts run out, and a worker
 * that lost its lease can no longer write.
 */
abstract class JobQueueContract {

    private static final Duration LONG = Duration.ofMinutes(5);

    @Autowired
    JobRepository jobs;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transaction;

    @BeforeEach
    void emptyQueue() {
        jdbc.sql("DELETE FROM job_epochs").update();
        jdbc.sql("DELETE FROM models").update();
        jdbc.sql("DELETE FROM jobs").update();
        jdbc.sql("DELETE FROM datasets").update();
        jdbc.sql("""
                INSERT INTO datasets (id, name, classes, class_counts, image_count, image_sizes, created_at)
                VALUES ('d', 'd', '["a","b"]', '[1,1]', 2, '{}', CURRENT_TIMESTAMP)""").update();
    }

    @Test
    void claimsOldestFirstAndReportsQueuePositions() {
        String first = queue();
        String second = queue();
        assertThat(jobs.find(first).orElseThrow().queuePosition()).isEqualTo(1);
        assertThat(jobs.find(second).orElseThrow().queuePosition()).isEqualTo(2);
        Lease lease = jobs.claimNext("w1", LONG).orElseThrow();
        assertThat(lease.jobId()).isEqualTo(first);
        assertThat(lease.attempt()).isEqualTo(1);
        assertThat(jobs.find(second).orElseThrow().queuePosition()).isEqualTo(1);
        assertThat(jobs.find(first).orElseThrow().state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void aLockedRowIsSkippedByAnotherClaimer() throws Exception {
        String first = queue();
        String second = queue();
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // Holds the first job's row lock in an open transaction, as a slow claimer would.
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> transaction.executeWithoutResult(s -> {
            jdbc.sql("SELECT id FROM jobs WHERE id = :id FOR UPDATE").param("id", first).query(String.class).single();
            locked.countDown();
            await(release);
        }));
        assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
        Optional<Lease> other = jobs.claimNext("w2", LONG);
        release.countDown();
        holder.get(10, TimeUnit.SECONDS);
        assertThat(other).map(Lease::jobId).contains(second);
    }

    @Test
    void twoWorkersNeverHoldTheSameJob() throws Exception {
        for (int i = 0; i < 6; i++) {
            queue();
        }
        List<CompletableFuture<List<String>>> workers = List.of("a", "b", "c").stream()
                .map(w -> CompletableFuture.supplyAsync(() -> {
                    List<String> mine = new java.util.ArrayList<>();
                    Optional<Lease> lease;
                    while ((lease = jobs.claimNext(w, LONG)).isPresent()) {
                        mine.add(lease.get().jobId());
                    }
                    return mine;
                })).toList();
        List<String> claimed = new java.util.ArrayList<>();
        for (var worker : workers) {
            claimed.addAll(worker.get(30, TimeUnit.SECONDS));
        }
        assertThat(claimed).hasSize(6).doesNotHaveDuplicates();
    }

    @Test
    void anExpiredLeaseGoesToAnotherWorkerAndTheOldOneCanNoLongerWrite() throws Exception {
        String id = queue();
        Lease dead = jobs.claimNext("dead", Duration.ofMillis(50)).orElseThrow();
        Thread.sleep(120);
        Lease alive = jobs.claimNext("alive", LONG).orElseThrow();
        assertThat(alive.jobId()).isEqualTo(id);
        assertThat(alive.attempt()).isEqualTo(2);

        assertThat(jobs.renew(dead, LONG)).isFalse();
        assertThat(jobs.progress(dead, new Job.Progress(Job.Phase.TRAINING, 1, 5, 0.2, 1.0, null))).isFalse();
        assertThat(jobs.recordEpoch(dead, new EpochMetrics(1, 1.0, null, null, 0.1))).isFalse();
        assertThat(jobs.succeed(dead, "m")).isFalse();

        assertThat(jobs.recordEpoch(alive, new EpochMetrics(1, 0.5, 0.6, 0.9, 0.1))).isTrue();
        assertThat(jobs.succeed(alive, null)).isTrue();
        Job done = jobs.find(id).orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.metrics()).extracting(EpochMetrics::epoch).containsExactly(1);
    }

    @Test
    void aJobWhoseWorkersKeepDyingFailsAfterItsAttempts() throws Exception {
        String id = queue();
        for (int attempt = 1; attempt <= 2; attempt++) {
            assertThat(jobs.claimNext("w" + attempt, Duration.ofMillis(20)).orElseThrow().attempt()).isEqualTo(attempt);
            Thread.sleep(60);
        }
        assertThat(jobs.claimNext("w3", LONG)).isEmpty();
        Job failed = jobs.find(id).orElseThrow();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.error()).contains("2 attempts");
        assertThat(jobs.retry(id)).isTrue();
        assertThat(jobs.claimNext("w4", LONG).orElseThrow().attempt()).isEqualTo(1);
    }

    @Test
    void cancellingAQueuedJobEndsItAndARunningOneIsAsked() {
        String running = queue();
        String queued = queue();
        assertThat(jobs.claimNext("w", LONG).orElseThrow().jobId()).isEqualTo(running);
        assertThat(jobs.requestCancel(queued)).isTrue();
        assertThat(jobs.find(queued).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThat(jobs.cancelRequested(running)).isFalse();
        assertThat(jobs.requestCancel(running)).isTrue();
        assertThat(jobs.cancelRequested(running)).isTrue();
        assertThat(jobs.find(running).orElseThrow().state()).isEqualTo(JobState.RUNNING);
        assertThat(jobs.requestCancel(queued)).isFalse();
    }

    @Test
    void releasingOnShutdownDoesNotUseAnAttempt() {
        String id = queue();
        Lease lease = jobs.claimNext("w", LONG).orElseThrow();
        assertThat(jobs.release(lease)).isTrue();
        Job job = jobs.find(id).orElseThrow();
        assertThat(job.state()).isEqualTo(JobState.QUEUED);
        assertThat(job.attempt()).isZero();
    }

    /**
     * A job running when its embedded-database process crashed keeps its attempt, so that a job
     * that crashes the process fails after its attempts instead of taking the service down on
     * every start.
     */
    @Test
    void aJobInterruptedByACrashKeepsItsAttemptAndFailsAfterTheLast() {
        String id = queue();
        jobs.claimNext("w1", LONG).orElseThrow();
        assertThat(jobs.requeueAfterCrash()).isEqualTo(new JobRepository.Interrupted(1, 0));
        assertThat(jobs.find(id).orElseThrow().attempt()).isEqualTo(1);
        assertThat(jobs.claimNext("w2", LONG).orElseThrow().attempt()).isEqualTo(2);
        assertThat(jobs.requeueAfterCrash()).isEqualTo(new JobRepository.Interrupted(0, 1));
        Job failed = jobs.find(id).orElseThrow();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.error()).contains("on each of 2 attempts");
        assertThat(jobs.claimNext("w3", LONG)).isEmpty();
    }

    private String queue() {
        String id = UUID.randomUUID().toString();
        // strategy as a bare name and no augmentation fields: a spec as stored before they existed
        jobs.insert(id, new JobSpec("d", "d", "mobilenetv2", JsonNodeFactory.instance.stringNode("feature-extractor"),
                3, 8, 1e-3, 1, 0.2, null, null, null), null, 2, Instant.now());
        sleepAMillisecond();
        return id;
    }

    private static void sleepAMillisecond() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
