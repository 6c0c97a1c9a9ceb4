package io.tenfold.inference;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dynamic batching of forward passes. Concurrent requests queue up; a runner thread takes the
 * first waiting request and as many of the next ones as fit in {@code maxViews}, waiting at most
 * {@code maxDelay} after the first one arrived for more, and sends them through the network as one
 * batch. Each replica of the network belongs to one runner thread, so no network is ever used by
 * two threads (DL4J networks are not thread-safe, and their workspaces are per thread).
 *
 * <p>The queue is bounded by the views waiting in it: a request that would take it past
 * {@code maxQueuedViews} is refused with {@link QueueFullException} at once, so overload shows as
 * fast refusals instead of growing latency and memory. {@link #close} refuses new work, lets the
 * runners finish what was queued, then closes each replica on its own thread.
 *
 * @param <R> a network replica
 */
public final class ForwardBatcher<R extends ForwardBatcher.Replica> implements AutoCloseable {

    /** One copy of the network, used by one thread only. */
    public interface Replica {

        /** Runs a batch of inputs; the output has one row per input row. */
        INDArray output(INDArray batch);

        /** Frees the replica; called on its runner thread, after its last use. */
        void close();
    }

    /**
     * @param maxViews most input rows in one pass
     * @param maxDelay longest a request waits for others to share its pass
     * @param maxQueuedViews most input rows waiting at once; more are refused
     * @param merge false to run every request in a pass of its own (the baseline batching is measured against)
     * @param timeout longest a request waits for its answer, queue and pass together
     */
    public record Settings(int maxViews, Duration maxDelay, int maxQueuedViews, boolean merge, Duration timeout) {

        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

        public Settings {
            if (maxViews < 1 || maxQueuedViews < 1 || maxDelay.isNegative() || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("maxViews, maxQueuedViews and timeout must be positive, maxDelay "
                        + "not negative");
            }
        }

        public Settings(int maxViews, Duration maxDelay, int maxQueuedViews, boolean merge) {
            this(maxViews, maxDelay, maxQueuedViews, merge, DEFAULT_TIMEOUT);
        }
    }

    /** Told about every pass and refusal, for metrics. */
    public interface Listener {

        Listener NONE = new Listener() {
        };

        default void onPass(int requests, int views, long nanos) {
        }

        default void onRefused(int views) {
        }

        /** A runner thread ended with an error outside any pass: the batcher is closed and its queue failed. */
        default void onRunnerDied(Throwable cause) {
        }
    }

    /** A request's rows of its pass's output, how long it waited for a runner and how long its pass took. */
    public record Forward(float[][] rows, long queuedNanos, long passNanos, int passViews) {
    }

    private final String name;
    private final Settings settings;
    private final Listener listener;
    private final BlockingQueue<Work> queue = new LinkedBlockingQueue<>();
    private final List<Thread> runners = new ArrayList<>();
    private final Object admission = new Object();
    private int queuedViews;
    private boolean closed;
    private volatile double nanosPerView = 100e6;

    /**
     * Starts one runner thread per replica; each first runs {@code warmUp} on its replica (so that
     * its workspaces and native kernels are ready before the first request). Returns when all
     * are warm.
     *
     * @throws IllegalStateException if a warm-up failed; the replicas are then closed
     */
    public ForwardBatcher(String name, List<R> replicas, Settings settings, Listener listener,
            Consumer<R> warmUp) {
        if (replicas.isEmpty()) {
            throw new IllegalArgumentException("at least one replica");
        }
        this.name = name;
        this.settings = settings;
        this.listener = listener;
        CountDownLatch warm = new CountDownLatch(replicas.size());
        List<RuntimeException> failures = new ArrayList<>();
        for (int i = 0; i < replicas.size(); i++) {
            R replica = replicas.get(i);
            Thread runner = new Thread(() -> {
                try {
                    warmUp.accept(replica);
                } catch (RuntimeException e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                    replica.close();
                    return;
                } finally {
                    warm.countDown();
                }
                run(replica);
            }, "tenfold-forward-" + name + "-" + i);
            runner.setDaemon(true);
            runners.add(runner);
            runner.start();
        }
        awaitUninterruptibly(warm);
        if (!failures.isEmpty()) {
            close();
            throw new IllegalStateException("warm-up of " + name + " failed: " + failures.get(0).getMessage(),
                    failures.get(0));
        }
    }

    /**
     * Runs {@code views} (rows of one shape) through the network, sharing a pass with other
     * requests when they fit; blocks until done or the timeout. Takes the views over: they are
     * closed once no pass will read them, so a caller that stops waiting never frees them under
     * a running pass.
     *
     * @throws QueueFullException if the queue is full
     * @throws BatcherClosedException if the batcher was closed (its model evicted)
     * @throws UnavailableException if the pass failed, the runner died, or no answer came in time
     */
    public Forward forward(INDArray views) {
        ViewWork work = new ViewWork(views, Math.toIntExact(views.size(0)));
        admit(work);
        return await(work);
    }

    /**
     * Runs {@code task} on a replica in a pass of its own, for work that cannot share a batch
     * (a dense evaluation of an image of its own size); {@code cost} is its weight in views for
     * the queue bound. {@code resource} (what the task reads) is closed once no runner will run it.
     */
    public <T> T exclusive(Function<R, T> task, int cost, AutoCloseable resource) {
        ExclusiveWork<R, T> work = new ExclusiveWork<>(task, Math.max(1, cost), resource);
        admit(work);
        return await(work);
    }

    /** {@link #exclusive(Function, int, AutoCloseable)} of a task that holds nothing to free. */
    public <T> T exclusive(Function<R, T> task, int cost) {
        return exclusive(task, cost, null);
    }

    /** Most input rows in one pass. */
    public int maxViews() {
        return settings.maxViews();
    }

    /** Input rows waiting for a runner. */
    public int queuedViews() {
        synchronized (admission) {
            return queuedViews;
        }
    }

    /** Refuses new work; queued work still runs, then each replica is closed by its runner. */
    @Override
    public void close() {
        synchronized (admission) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (int i = 0; i < runners.size(); i++) {
            queue.add(Stop.INSTANCE);
        }
    }

    /** Waits for the runners to finish after {@link #close}; true if they did in time. */
    boolean awaitTermination(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread runner : runners) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedJoin(runner, left);
            if (runner.isAlive()) {
                return false;
            }
        }
        return true;
    }

    private void admit(Work work) {
        synchronized (admission) {
            if (closed) {
                work.release();
                throw new BatcherClosedException(name);
            }
            // An empty queue takes any request, however large, or it could never be served.
            if (queuedViews > 0 && queuedViews + work.views() > settings.maxQueuedViews()) {
                listener.onRefused(work.views());
                work.release();
                throw new QueueFullException(name, queuedViews, settings.maxQueuedViews(), retryAfterSeconds());
            }
            queuedViews += work.views();
            queue.add(work);
        }
    }

    private int retryAfterSeconds() {
        double seconds = queuedViews * nanosPerView / 1e9 / runners.size();
        return (int) Math.max(1, Math.ceil(seconds));
    }

    private Work take(long timeoutNanos) throws InterruptedException {
        Work work = timeoutNanos < 0 ? queue.take()
                : timeoutNanos == 0 ? queue.poll() : queue.poll(timeoutNanos, TimeUnit.NANOSECONDS);
        if (work != null && !(work instanceof Stop)) {
            synchronized (admission) {
                queuedViews -= work.views();
            }
        }
        return work;
    }

    private void run(R replica) {
        Work carried = null;
        try {
            while (true) {
                Work first = carried != null ? carried : take(-1);
                carried = null;
                if (first instanceof Stop) {
                    return;
                }
                if (first.abandoned()) {
                    first.release();
                    continue;
                }
                if (first instanceof ExclusiveWork<?, ?> exclusive) {
                    runExclusive(replica, exclusive);
                    continue;
                }
                ViewWork head = (ViewWork) first;
                List<ViewWork> batch = new ArrayList<>();
                batch.add(head);
                int views = head.views;
                if (settings.merge()) {
                    long deadline = head.enqueued + settings.maxDelay().toNanos();
                    while (views < settings.maxViews()) {
                        Work next = take(Math.max(0, deadline - System.nanoTime()));
                        if (next == null) {
                            break;
                        }
                        if (next instanceof ViewWork more && more.abandoned()) {
                            more.release();
                        } else if (next instanceof ViewWork more && views + more.views <= settings.maxViews()
                                && head.fitsWith(more)) {
                            batch.add(more);
                            views += more.views;
                        } else {
                            carried = next;
                            break;
                        }
                    }
                }
                runViews(replica, batch, views);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            died(e, carried);
        } finally {
            replica.close();
        }
    }

    /**
     * A runner ended outside any pass: nothing it would have run may wait for it. The batcher
     * closes, everything queued fails as unavailable, and the listener hears of it (the model
     * cache retires the model, so the next request loads a fresh one).
     */
    private void died(Throwable cause, Work carried) {
        synchronized (admission) {
            closed = true;
        }
        UnavailableException failure = new UnavailableException(name + ": a forward-pass thread died ("
                + cause + "); the model is being reloaded", cause);
        if (carried != null) {
            carried.fail(failure);
        }
        for (Work work; (work = queue.poll()) != null; ) {
            if (!(work instanceof Stop)) {
                synchronized (admission) {
                    queuedViews -= work.views();
                }
                work.fail(failure);
            }
        }
        for (int i = 0; i < runners.size(); i++) {
            queue.add(Stop.INSTANCE);
        }
        listener.onRunnerDied(cause);
    }

    private void runViews(R replica, List<ViewWork> batch, int views) {
        long start = System.nanoTime();
        float[][] rows;
        INDArray input = null;
        try {
            input = batch.size() == 1 ? batch.get(0).input
                    : Nd4j.concat(0, batch.stream().map(w -> w.input).toArray(INDArray[]::new));
            try (INDArray output = replica.output(input)) {
                rows = output.toFloatMatrix();
            }
        } catch (Throwable e) {
            UnavailableException failure = new UnavailableException(name + ": the forward pass failed (" + e + ")", e);
            batch.forEach(w -> w.fail(failure));
            return;
        } finally {
            if (batch.size() > 1 && input != null) {
                input.close();
            }
            batch.forEach(Work::release);
        }
        long nanos = System.nanoTime() - start;
        nanosPerView = 0.8 * nanosPerView + 0.2 * nanos / (double) views;
        listener.onPass(batch.size(), views, nanos);
        if (rows.length != views) {
            IllegalStateException e = new IllegalStateException(
                    "the network gave %d outputs for %d inputs".formatted(rows.length, views));
            batch.forEach(w -> w.result.completeExceptionally(e));
            return;
        }
        int offset = 0;
        for (ViewWork work : batch) {
            work.result.complete(new Forward(Arrays.copyOfRange(rows, offset, offset + work.views),
                    start - work.enqueued, nanos, views));
            offset += work.views;
        }
    }

    @SuppressWarnings("unchecked")
    private void runExclusive(R replica, ExclusiveWork<?, ?> work) {
        ExclusiveWork<R, Object> task = (ExclusiveWork<R, Object>) work;
        long start = System.nanoTime();
        Object result;
        try {
            result = task.task.apply(replica);
        } catch (Throwable e) {
            task.fail(new UnavailableException(name + ": the pass failed (" + e + ")", e));
            return;
        } finally {
            task.release();
        }
        // Recorded before the caller is released, so that metrics never lag a finished request.
        listener.onPass(1, task.views, System.nanoTime() - start);
        task.result.complete(result);
    }

    @SuppressWarnings("unchecked")
    private <T> T await(Work work) {
        CompletableFuture<T> result = (CompletableFuture<T>) work.result();
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (java.util.concurrent.TimeoutException e) {
                    // The runner frees the work's input when it comes to it; a pass not begun skips it.
                    work.abandon();
                    throw new UnavailableException("%s gave no answer within %d s; try again shortly"
                            .formatted(name, settings.timeout().toSeconds()), null);
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private sealed interface Work permits ViewWork, ExclusiveWork, Stop {

        int views();

        CompletableFuture<?> result();

        /** The caller stopped waiting: a pass not yet begun skips the work. */
        default void abandon() {
        }

        default boolean abandoned() {
            return false;
        }

        /** Frees what the work holds, once no pass will read it. */
        default void release() {
        }

        default void fail(RuntimeException failure) {
            result().completeExceptionally(failure);
            release();
        }
    }

    private static final class ViewWork implements Work {

        final INDArray input;
        final int views;
        final long enqueued = System.nanoTime();
        final CompletableFuture<Forward> result = new CompletableFuture<>();
        private volatile boolean abandoned;
        private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();

        ViewWork(INDArray input, int views) {
            this.input = input;
            this.views = views;
        }

        @Override
        public int views() {
            return views;
        }

        @Override
        public CompletableFuture<?> result() {
            return result;
        }

        @Override
        public void abandon() {
            abandoned = true;
        }

        @Override
        public boolean abandoned() {
            return abandoned;
        }

        @Override
        public void release() {
            if (released.compareAndSet(false, true) && !input.wasClosed()) {
                input.close();
            }
        }

        boolean fitsWith(ViewWork other) {
            long[] a = input.shape();
            long[] b = other.input.shape();
            return input.dataType() == other.input.dataType() && a.length == b.length
                    && Arrays.equals(a, 1, a.length, b, 1, b.length);
        }
    }

    private static final class ExclusiveWork<R, T> implements Work {

        final Function<R, T> task;
        final int views;
        final CompletableFuture<T> result = new CompletableFuture<>();
        private final AutoCloseable resource;
        private volatile boolean abandoned;
        private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();

        ExclusiveWork(Function<R, T> task, int views, AutoCloseable resource) {
            this.task = task;
            this.views = views;
            this.resource = resource;
        }

        @Override
        public int views() {
            return views;
        }

        @Override
        public CompletableFuture<?> result() {
            return result;
        }

        @Override
        public void abandon() {
            abandoned = true;
        }

        @Override
        public boolean abandoned() {
            return abandoned;
        }

        @Override
        public void release() {
            if (resource != null && released.compareAndSet(false, true)) {
                try {
                    resource.close();
                } catch (Exception e) {
                    throw new IllegalStateException("could not free a finished pass's input", e);
                }
            }
        }
    }

    private enum Stop implements Work {
        INSTANCE;

        @Override
        public int views() {
            return 0;
        }

        @Override
        public CompletableFuture<?> result() {
            return CompletableFuture.completedFuture(null);
        }
    }

    /** The queue holds as many views as it may; the caller should come back after {@link #retryAfterSeconds}. */
    public static final class QueueFullException extends RuntimeException {

        private final int retryAfterSeconds;

        QueueFullException(String name, int queued, int limit, int retryAfterSeconds) {
            super("%s: %d views are waiting for the network (the limit is %d)".formatted(name, queued, limit));
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public int retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /**
     * The model cannot answer now, though it may shortly: its pass failed, its runner died (the
     * model is being reloaded), or no answer came in time. Answered with 503 and Retry-After.
     */
    public static final class UnavailableException extends RuntimeException {

        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }

        public int retryAfterSeconds() {
            return 1;
        }
    }

    /** The batcher no longer takes work (its model was evicted from memory). */
    public static final class BatcherClosedException extends RuntimeException {

        BatcherClosedException(String name) {
            super(name + " is closed");
        }
    }
}
