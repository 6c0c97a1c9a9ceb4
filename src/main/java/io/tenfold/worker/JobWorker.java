package io.tenfold.worker;

import io.tenfold.image.ImageRejectedException;
import io.tenfold.jobs.JobRepository;
import io.tenfold.jobs.Lease;
import io.tenfold.jobs.LeaseLostException;
import io.tenfold.storage.StoreUnavailableException;
import io.tenfold.system.TenfoldProperties;
import io.tenfold.training.TrainingCancelledException;
import io.tenfold.validation.InvalidFieldException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.NoSuchFileException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;

/**
 * The loop that claims jobs and runs them one at a time on its own thread, renewing the job's
 * lease from a second thread while the first trains. On a clean stop the running job goes back to
 * the queue, to be resumed from its checkpoint.
 */
@Component
class JobWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

    private final JobRepository jobs;
    private final TrainingJobRunner runner;
    private final WorkerProperties properties;
    private final DataSource dataSource;
    private final WorkerMetrics metrics;
    private final boolean enabled;
    private final String workerId;
    private final AtomicBoolean shuttingDown = new AtomicBoolean();
    private volatile ExecutorService loop;
    private volatile ScheduledExecutorService heartbeats;
    private volatile boolean running;

    JobWorker(JobRepository jobs, TrainingJobRunner runner, WorkerProperties properties, TenfoldProperties tenfold,
            DataSource dataSource, WorkerMetrics metrics) {
        this.metrics = metrics;
        this.jobs = jobs;
        this.runner = runner;
        this.properties = properties;
        this.dataSource = dataSource;
        this.enabled = tenfold.role().runsWorker();
        this.workerId = properties.id().isBlank() ? defaultId() : properties.id();
    }

    @EventListener(ApplicationReadyEvent.class)
    void startLoop() {
        if (!enabled) {
            return;
        }
        if (embeddedDatabase()) {
            // An embedded file database is open in this process only: no other worker can hold a job.
            JobRepository.Interrupted interrupted = jobs.requeueAfterCrash();
            if (interrupted.requeued() + interrupted.failed() > 0) {
                log.warn("The last process stopped without finishing {} job(s): {} queued again, {} failed with "
                        + "their attempts used up", interrupted.requeued() + interrupted.failed(),
                        interrupted.requeued(), interrupted.failed());
            }
        }
        heartbeats = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "tenfold-heartbeat"));
        loop = Executors.newSingleThreadExecutor(r -> daemon(r, "tenfold-worker"));
        running = true;
        loop.submit(this::loop);
        log.info("Worker {} started (lease {}, heartbeat every {})", workerId, properties.leaseDuration(),
                properties.heartbeatInterval());
    }

    private void loop() {
        while (running) {
            try {
                Optional<Lease> lease = jobs.claimNext(workerId, properties.leaseDuration());
                if (lease.isPresent()) {
                    runOne(lease.get());
                } else {
                    Thread.sleep(properties.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("Worker loop error; continuing", e);
                pause();
            }
        }
    }

    private void runOne(Lease lease) {
        MDC.put("job", lease.jobId());
        RunControl control = new RunControl(lease, shuttingDown);
        long period = properties.heartbeatInterval().toMillis();
        ScheduledFuture<?> heartbeat = heartbeats.scheduleAtFixedRate(() -> {
            try {
                if (!jobs.renew(lease, properties.leaseDuration())) {
                    control.leaseLost();
                }
            } catch (RuntimeException e) {
                log.warn("Heartbeat for job {} failed: {}", lease.jobId(), e.toString());
            }
        }, period, period, TimeUnit.MILLISECONDS);
        // A cancel is looked for as often as the queue is polled, off the training thread.
        long poll = properties.pollInterval().toMillis();
        ScheduledFuture<?> cancelWatch = heartbeats.scheduleWithFixedDelay(() -> {
            try {
                if (jobs.cancelRequested(lease.jobId())) {
                    control.cancelRequested();
                }
            } catch (RuntimeException e) {
                log.warn("Checking job {} for a cancel failed: {}", lease.jobId(), e.toString());
            }
        }, poll, poll, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        String outcome = "failed";
        try {
            log.info("Job {} claimed (attempt {})", lease.jobId(), lease.attempt());
            String modelId = runThroughOutages(control);
            outcome = "succeeded";
            log.info("Job {} succeeded in {} s: model {}", lease.jobId(), (System.nanoTime() - start) / 1_000_000_000,
                    modelId);
        } catch (TrainingCancelledException e) {
            switch (control.stop()) {
                case SHUTDOWN -> {
                    outcome = "released";
                    jobs.release(lease);
                    log.info("Job {} returned to the queue: the worker is stopping", lease.jobId());
                }
                case LEASE_LOST -> {
                    outcome = "lease-lost";
                    log.warn("Job {}: lease lost; another worker may resume it", lease.jobId());
                }
                default -> {
                    outcome = "cancelled";
                    jobs.cancelled(lease);
                    log.info("Job {} cancelled", lease.jobId());
                }
            }
        } catch (LeaseLostException e) {
            outcome = "lease-lost";
            log.warn("Job {}: {}", lease.jobId(), e.getMessage());
        } catch (Exception | OutOfMemoryError e) {
            if (transientFailure(e)) {
                outcome = "requeued";
                log.warn("Job {}: the database or object store stayed away through {} tries; back in the queue, "
                        + "its attempt counted", lease.jobId(), properties.transientRetries() + 1, e);
                requeue(lease);
            } else {
                log.error("Job {} failed", lease.jobId(), e);
                jobs.fail(lease, describe(e));
            }
        } finally {
            metrics.jobFinished(outcome, System.nanoTime() - start);
            heartbeat.cancel(false);
            cancelWatch.cancel(false);
            MDC.remove("job");
        }
    }

    /**
     * Runs the job, and runs it again (from its checkpoints) after a pause when the database or
     * the object store was away, up to {@code tenfold.worker.transient-retries} times: a restart
     * of either is no reason to fail hours of training.
     */
    private String runThroughOutages(RunControl control) throws Exception {
        Duration pause = properties.transientBackoff();
        for (int retry = 0; ; retry++) {
            try {
                return runner.run(control);
            } catch (Exception e) {
                if (!transientFailure(e) || retry >= properties.transientRetries() || control.stop() != RunControl.Stop.NONE) {
                    throw e;
                }
                log.warn("Job {}: {}; running it again from its checkpoints in {} s ({} of {})", control.lease().jobId(),
                        e.toString(), pause.toSeconds(), retry + 1, properties.transientRetries());
                Thread.sleep(pause.toMillis());
                pause = pause.multipliedBy(2);
            }
        }
    }

    /** The database or the object store being away, somewhere in the failure's causes. */
    static boolean transientFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StoreUnavailableException || cause instanceof DataAccessResourceFailureException
                    || cause instanceof TransientDataAccessException
                    || cause instanceof RecoverableDataAccessException
                    || cause instanceof org.springframework.transaction.CannotCreateTransactionException) {
                return true;
            }
        }
        return false;
    }

    private void requeue(Lease lease) {
        try {
            jobs.requeue(lease);
        } catch (RuntimeException e) {
            // The database is still away: the lease will expire and another claim will take the job.
            log.warn("Job {}: could not put it back in the queue ({}); its lease will expire", lease.jobId(),
                    e.toString());
        }
    }

    /**
     * What a job's failure tells whoever can read the job: what to change, never the internals
     * (object keys, SQL, library messages), which are in the worker's log under the job's id.
     */
    static String describe(Throwable e) {
        if (e instanceof ImageRejectedException rejected) {
            return "a dataset image could not be read (%s); upload the dataset again without it"
                    .formatted(rejected.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        }
        if (e instanceof NoSuchFileException) {
            return "a stored object of the job is missing (was its dataset deleted?); upload the dataset again";
        }
        if (e instanceof OutOfMemoryError) {
            return "the worker ran out of memory; retry with a smaller batchSize or fewer augmentedViews";
        }
        if (e instanceof InvalidFieldException invalid) {
            return "the job's %s cannot be used: %s".formatted(invalid.field(), invalid.problem());
        }
        if (e instanceof java.io.IOException) {
            return "the object store failed while the job ran; retry the job";
        }
        if (e instanceof org.springframework.dao.DataAccessException) {
            return "the database failed while the job ran; retry the job";
        }
        return "the job failed on an internal error (logged on the worker with the job's id); retry it, and "
                + "report it if it fails again";
    }

    private boolean embeddedDatabase() {
        try (var connection = dataSource.getConnection()) {
            return "H2".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            return false;
        }
    }

    private void pause() {
        try {
            Thread.sleep(properties.pollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String defaultId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        String pid = ManagementFactory.getRuntimeMXBean().getName().split("@")[0];
        return host + "/" + pid + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void start() {
        // The loop starts once the application is ready; see startLoop().
    }

    @Override
    public void stop() {
        shuttingDown.set(true);
        running = false;
        ExecutorService current = loop;
        if (current != null) {
            current.shutdown();
            try {
                if (!current.awaitTermination(30, TimeUnit.SECONDS)) {
                    current.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (heartbeats != null) {
            heartbeats.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
