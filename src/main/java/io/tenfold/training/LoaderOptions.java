package io.tenfold.training;

/**
 * How images are loaded: {@code threads} decode and augment in parallel, at most {@code prefetchBatches}
 * batches ahead of the training thread.
 */
public record LoaderOptions(int threads, int prefetchBatches) {

    public static final LoaderOptions DEFAULT = new LoaderOptions(2, 2);

    public LoaderOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        if (prefetchBatches < 1) {
            throw new IllegalArgumentException("prefetchBatches must be at least 1");
        }
    }
}
