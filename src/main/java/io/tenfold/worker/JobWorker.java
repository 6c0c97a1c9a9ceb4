package io.tenfold.worker;

import io.tenfold.image.ImageRejectedException;
import io.tenfold.jobs.Job;
import io.tenfold.jobs.JobRepository;
import io.tenfold.system.TenfoldProperties;
import io.tenfold.training.TrainingCancelledException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The loop that claims queued jobs and runs them one at a time on its own thread. In role
 * {@code all} it is the only worker, so jobs it finds RUNNING at start were interrupted by a stop
 * and go back to the queue.
 */
@Component
class JobWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobWorker.class);

    private final JobRepository jobs;
    private final FineTuneJobRunner runner;
    private final WorkerProperties properties;
    private final boolean enabled;
    private volatile ExecutorService executor;
    private volatile boolean running;

    JobWorker(JobRepository jobs, FineTuneJobRunner runner, WorkerProperties properties,
            TenfoldProperties tenfold) {
        this.jobs = jobs;
        this.runner = runner;
        this.properties = properties;
        this.enabled = tenfold.role().runsWorker();
    }

    @EventListener(ApplicationReadyEvent.class)
    void startLoop() {
        if (!enabled) {
            return;
        }
        int requeued = jobs.requeueRunning();
        if (requeued > 0) {
            log.info("Requeued {} job(s) interrupted by the last stop", requeued);
        }
        executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "tenfold-worker"));
        running = true;
        executor.submit(this::loop);
    }

    private void loop() {
        while (running) {
            try {
                Optional<Job> job = jobs.claimNext();
                if (job.isPresent()) {
                    runOne(job.get());
                } else {
                    Thread.sleep(properties.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("Worker loop error; continuing", e);
            }
        }
    }

    private void runOne(Job job) {
        MDC.put("job", job.id());
        long start = System.nanoTime();
        try {
            String modelId = runner.run(job);
            log.info("Job {} succeeded in {} s: model {}", job.id(), (System.nanoTime() - start) / 1_000_000_000,
                    modelId);
        } catch (TrainingCancelledException e) {
            jobs.cancelled(job.id());
            log.info("Job {} cancelled", job.id());
        } catch (Exception | OutOfMemoryError e) {
            log.error("Job {} failed", job.id(), e);
            jobs.fail(job.id(), describe(e));
        } finally {
            MDC.remove("job");
        }
    }

    private static String describe(Throwable e) {
        if (e instanceof ImageRejectedException) {
            return "a dataset image could not be read: " + e.getMessage();
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @Override
    public void start() {
        // The loop starts once the application is ready; see startLoop().
    }

    @Override
    public void stop() {
        running = false;
        ExecutorService current = executor;
        if (current != null) {
            current.shutdownNow();
            try {
                current.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
