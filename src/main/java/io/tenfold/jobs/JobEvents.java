package io.tenfold.jobs;

import io.tenfold.system.ServesApi;
import io.tenfold.jobs.Job;
import io.tenfold.jobs.JobService;
import io.tenfold.system.Problems;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events of a job's progress. The API may run in another process than the worker, so
 * the job row is polled and an event is sent whenever what a client sees has changed: a
 * {@code progress} event (phase, epoch, fraction, loss, images/s), an {@code epoch} event per
 * finished epoch, and a final {@code state} event, after which the stream ends.
 */
@Component
@ServesApi
class JobEvents implements DisposableBean {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration TIMEOUT = Duration.ofHours(6);
    private static final int MAX_STREAMS = 256;

    private final JobService jobs;
    private final ScheduledExecutorService poller = Executors.newScheduledThreadPool(1, r -> {
        Thread thread = new Thread(r, "tenfold-job-events");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger open = new AtomicInteger();

    JobEvents(JobService jobs) {
        this.jobs = jobs;
    }

    SseEmitter stream(String jobId) {
        Job first = jobs.get(jobId);
        if (open.incrementAndGet() > MAX_STREAMS) {
            open.decrementAndGet();
            throw Problems.busy("Too many event streams are open; try again shortly.", 5);
        }
        SseEmitter emitter = new SseEmitter(TIMEOUT.toMillis());
        AtomicReference<Job> last = new AtomicReference<>();
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        Runnable close = () -> {
            ScheduledFuture<?> t = task.get();
            if (t != null && t.cancel(false)) {
                open.decrementAndGet();
            }
        };
        emitter.onCompletion(close);
        emitter.onTimeout(close);
        emitter.onError(e -> close.run());
        task.set(poller.scheduleWithFixedDelay(() -> {
            try {
                Job job = last.get() == null ? first : jobs.get(jobId);
                send(emitter, last.getAndSet(job), job);
                if (job.state().isFinal()) {
                    emitter.complete();
                    close.run();
                }
            } catch (IOException | RuntimeException e) {
                emitter.completeWithError(e);
                close.run();
            }
        }, 0, POLL.toMillis(), TimeUnit.MILLISECONDS));
        return emitter;
    }

    private static void send(SseEmitter emitter, Job before, Job now) throws IOException {
        int sentEpochs = before == null ? 0 : before.metrics().size();
        for (int i = sentEpochs; i < now.metrics().size(); i++) {
            emitter.send(SseEmitter.event().name("epoch").data(now.metrics().get(i)));
        }
        if (before == null || !Objects.equals(before.progress(), now.progress()) || before.state() != now.state()) {
            emitter.send(SseEmitter.event().name("progress").data(new Event(now.state().name(), now.queuePosition(),
                    now.progress(), now.attempt())));
        }
        if (now.state().isFinal()) {
            emitter.send(SseEmitter.event().name("state").data(JobResponse.of(now)));
        }
    }

    record Event(String state, Integer queuePosition, Job.Progress progress, int attempt) {
    }

    @Override
    public void destroy() {
        poller.shutdownNow();
    }
}
