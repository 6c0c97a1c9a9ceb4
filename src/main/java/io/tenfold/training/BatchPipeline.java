package io.tenfold.training;

import io.tenfold.image.ImageTensors;
import io.tenfold.image.Preprocessing;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Decodes and prepares images into NHWC batches on its own bounded pool of threads, ahead of the
 * training thread. Each sample depends only on (round, example index), so the batches are the same
 * whatever the number of threads or their timing. Close it to stop its threads.
 */
public final class BatchPipeline implements AutoCloseable {

    static final String THREAD_PREFIX = "tenfold-batches-";
    private static final AtomicInteger POOLS = new AtomicInteger();

    /** Examples {@code indices} (positions in the pipeline's list), their NHWC images and one-hot labels. */
    public record Batch(int[] indices, INDArray features, INDArray labels) {
    }

    private final List<Example> examples;
    private final ImagePreparation preparation;
    private final Preprocessing preprocessing;
    private final int numClasses;
    private final int batchSize;
    private final int prefetchBatches;
    private final ExecutorService pool;

    public BatchPipeline(List<Example> examples, ImagePreparation preparation, Preprocessing preprocessing,
            int numClasses, int batchSize, LoaderOptions loader) {
        if (preparation.inputSize() != preprocessing.inputSize()) {
            throw new IllegalArgumentException("images are prepared at %d but the network takes %d"
                    .formatted(preparation.inputSize(), preprocessing.inputSize()));
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
        this.examples = List.copyOf(examples);
        this.preparation = preparation;
        this.preprocessing = preprocessing;
        this.numClasses = numClasses;
        this.batchSize = batchSize;
        this.prefetchBatches = loader.prefetchBatches();
        this.pool = Executors.newFixedThreadPool(loader.threads(), daemonThreads(THREAD_PREFIX
                + POOLS.incrementAndGet() + "-"));
    }

    public int size() {
        return examples.size();
    }

    /** The batches of one pass over the examples in {@code order}, prepared for augmentation round {@code round}. */
    public Pass pass(long round, int[] order) {
        return new Pass(round, order.clone());
    }

    /** The examples in their own order. */
    public Pass pass(long round) {
        int[] order = new int[examples.size()];
        Arrays.setAll(order, i -> i);
        return new Pass(round, order);
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("image loading threads did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One pass: an iterator of batches that keeps at most {@code prefetchBatches} batches in preparation
     * ahead of the one handed out, and measures how long {@link #next} blocked.
     */
    public final class Pass implements Iterator<Batch>, AutoCloseable {

        private final long round;
        private final int[] order;
        private final int batches;
        private final Deque<CompletableFuture<Batch>> ahead = new ArrayDeque<>();
        private int submitted;
        private long waitNanos;
        private volatile boolean closed;

        private Pass(long round, int[] order) {
            this.round = round;
            this.order = order;
            this.batches = (order.length + batchSize - 1) / batchSize;
            fill();
        }

        @Override
        public boolean hasNext() {
            return !ahead.isEmpty();
        }

        @Override
        public Batch next() {
            if (ahead.isEmpty()) {
                throw new NoSuchElementException();
            }
            CompletableFuture<Batch> head = ahead.poll();
            fill();
            long start = System.nanoTime();
            try {
                return head.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new TrainingCancelledException();
            } catch (ExecutionException e) {
                close();
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(cause);
            } finally {
                waitNanos += System.nanoTime() - start;
            }
        }

        /** Total time {@link #next} spent blocked on batches not ready yet. */
        public double waitSeconds() {
            return waitNanos / 1e9;
        }

        /** Stops preparing further batches; samples already running finish and are dropped. */
        @Override
        public void close() {
            closed = true;
            for (CompletableFuture<Batch> future : ahead) {
                future.cancel(false);
            }
            ahead.clear();
        }

        private void fill() {
            while (!closed && ahead.size() < prefetchBatches && submitted < batches) {
                ahead.add(submit(submitted++));
            }
        }

        private CompletableFuture<Batch> submit(int batch) {
            int[] indices = Arrays.copyOfRange(order, batch * batchSize, Math.min(order.length, (batch + 1) * batchSize));
            List<CompletableFuture<BufferedImage>> images = new ArrayList<>(indices.length);
            for (int index : indices) {
                images.add(CompletableFuture.supplyAsync(() -> prepare(index), pool));
            }
            return CompletableFuture.allOf(images.toArray(CompletableFuture[]::new))
                    .thenApplyAsync(done -> pack(indices, images.stream().map(CompletableFuture::join).toList()), pool);
        }

        private BufferedImage prepare(int index) {
            if (closed) {
                throw new CancellationException();
            }
            try {
                return preparation.prepare(examples.get(index).image().load(), round, index);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Batch pack(int[] indices, List<BufferedImage> images) {
            INDArray labels = Nd4j.zeros(DataType.FLOAT, indices.length, numClasses);
            for (int i = 0; i < indices.length; i++) {
                labels.putScalar(i, examples.get(indices[i]).label(), 1.0);
            }
            return new Batch(indices, ImageTensors.toNhwcBatch(images, preprocessing), labels);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
