package io.tenfold.jobs;

import io.tenfold.jobs.Job;
import io.tenfold.jobs.JobService;
import io.tenfold.system.HttpProperties;
import io.tenfold.system.Problems;
import io.tenfold.system.ServesApi;
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
 *
 * <p>Every event's id is the number of epochs sent so far, so a client that reconnects with
 * {@code Last-Event-ID} (as browsers' EventSource do, also after the API restarted) gets only the
 * epochs it has not seen. A comment is sent when nothing else has been for a while, so proxies
 * and clients can tell a quiet stream from a dead one. Streams are bounded in all and per caller.
 */
@Component
@ServesApi
class JobEvents implements DisposableBean {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration TIMEOUT = Duration.ofHours(6);

    private final JobService jobs;
    private final ScheduledExecutorService poller = Executors.newScheduledThreadPool(1, r -> {
        Thread thread = new Thread(r, "tenfold-job-events");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger open = new AtomicInteger();
    private final java.util.concurrent.ConcurrentHashMap<String, AtomicInteger> openByCaller =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final int maxStreams;
    private final int maxStreamsPerCaller;
    private final Duration heartbeat;

    JobEvents(JobService jobs, HttpProperties http) {
        this.jobs = jobs;
        this.maxStreams = http.maxEventStreams();
        this.maxStreamsPerCaller = http.maxEventStreamsPerKey();
        this.heartbeat = http.eventHeartbeat();
    }

    /**
     * @param caller      who asks (the API key's name; null without authentication): streams are
     *                    capped per caller so one client cannot take them all
     * @param lastEventId the id of the last event the client saw, or null
     */
    SseEmitter stream(String jobId, String caller, String lastEventId) {
        Job first = jobs.get(jobId);
        int seen = seenEpochs(lastEventId);
        String who = caller == null ? "(no key)" : caller;
        AtomicInteger mine = openByCaller.computeIfAbsent(who, k -> new AtomicInteger());
        if (mine.incrementAndGet() > maxStreamsPerCaller) {
            mine.decrementAndGet();
            throw Problems.busy("This key has %d event streams open, the most one caller may; close one or try again "
                    .formatted(maxStreamsPerCaller) + "shortly.", 5);
        }
        if (open.incrementAndGet() > maxStreams) {
            open.decrementAndGet();
            mine.decrementAndGet();
            throw Problems.busy("Too many event streams are open; try again shortly.", 5);
        }
        SseEmitter emitter = new SseEmitter(TIMEOUT.toMillis());
        AtomicReference<Job> last = new AtomicReference<>();
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicLong lastSent = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
        Runnable close = () -> {
            ScheduledFuture<?> t = task.get();
            if (t != null && t.cancel(false)) {
                open.decrementAndGet();
                mine.decrementAndGet();
            }
        };
        emitter.onCompletion(close);
        emitter.onTimeout(close);
        emitter.onError(e -> close.run());
        task.set(poller.scheduleWithFixedDelay(() -> {
            try {
                Job job = last.get() == null ? first : jobs.get(jobId);
                if (send(emitter, last.getAndSet(job), job, seen)) {
                    lastSent.set(System.nanoTime());
                } else if (System.nanoTime() - lastSent.get() > heartbeat.toNanos()) {
                    emitter.send(SseEmitter.event().comment("heartbeat"));
                    lastSent.set(System.nanoTime());
                }
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

    /** Sends what changed between two reads of the job; true if it sent anything. */
    private static boolean send(SseEmitter emitter, Job before, Job now, int seenBefore) throws IOException {
        boolean sent = false;
        int sentEpochs = before == null ? Math.min(seenBefore, now.metrics().size()) : before.metrics().size();
        for (int i = sentEpochs; i < now.metrics().size(); i++) {
            emitter.send(SseEmitter.event().id(Integer.toString(i + 1)).name("epoch").data(now.metrics().get(i)));
            sent = true;
        }
        String id = Integer.toString(now.metrics().size());
        if (before == null || !Objects.equals(before.progress(), now.progress()) || before.state() != now.state()) {
            emitter.send(SseEmitter.event().id(id).name("progress").data(new Event(now.state().name(),
                    now.queuePosition(), now.progress(), now.attempt())));
            sent = true;
        }
        if (now.state().isFinal()) {
            emitter.send(SseEmitter.event().id(id).name("state").data(JobResponse.of(now)));
            sent = true;
        }
        return sent;
    }

    /** The epochs a client with this Last-Event-ID has seen; anything not an epoch count means none. */
    private static int seenEpochs(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank() || lastEventId.length() > 9) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(lastEventId.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    record Event(String state, Integer queuePosition, Job.Progress progress, int attempt) {
    }

    @Override
    public void destroy() {
        poller.shutdownNow();
    }
}
