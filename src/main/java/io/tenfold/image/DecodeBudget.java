package io.tenfold.image;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The memory that image decoding may hold at once, in the whole process: a decode asks for what
 * its pixels will need (from the header, before any pixel is read) and waits a little for it, so
 * that many large images arriving together are refused with a retry instead of running the heap
 * out. An image that needs more than the whole budget is refused outright.
 */
public final class DecodeBudget {

    /** A quarter of the heap: decoding shares the heap with requests, models' metadata and training. */
    public static final DecodeBudget HEAP = new DecodeBudget(Runtime.getRuntime().maxMemory() / 4, 5_000);

    private static final int UNIT = 1 << 16;   // the semaphore counts 64 KiB units, so a heap fits an int

    private final long bytes;
    private final long waitMillis;
    private final Semaphore units;

    public DecodeBudget(long bytes, long waitMillis) {
        if (bytes < UNIT) {
            throw new IllegalArgumentException("a decode budget needs at least 64 KiB");
        }
        this.bytes = bytes;
        this.waitMillis = waitMillis;
        this.units = new Semaphore((int) Math.min(Integer.MAX_VALUE, bytes / UNIT), true);
    }

    public long bytes() {
        return bytes;
    }

    /** Bytes not held by a decode right now. */
    public long available() {
        return (long) units.availablePermits() * UNIT;
    }

    /**
     * Holds {@code needed} bytes until the returned permit is closed.
     *
     * @throws ImageRejectedException (too large) if {@code needed} exceeds the whole budget
     * @throws DecoderBusyException if it is not free within the wait
     */
    public Permit acquire(long needed, String what) {
        return acquire(needed, what, waitMillis);
    }

    /** {@link #acquire(long, String)} waiting up to {@code waitMillis} (a batch job can wait; a request should not). */
    public Permit acquire(long needed, String what, long waitMillis) {
        if (needed > bytes) {
            throw new ImageRejectedException(ImageRejectedException.Reason.TOO_LARGE, ("decoding %s needs about %d MiB; "
                    + "the service decodes at most %d MiB at once: send a smaller image").formatted(what, needed >> 20,
                    bytes >> 20));
        }
        int count = (int) Math.max(1, (needed + UNIT - 1) / UNIT);
        try {
            if (!units.tryAcquire(count, waitMillis, TimeUnit.MILLISECONDS)) {
                throw new DecoderBusyException("other images are being decoded; %d MiB of %d MiB are in use"
                        .formatted((bytes - available()) >> 20, bytes >> 20));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DecoderBusyException("interrupted while waiting to decode");
        }
        return () -> units.release(count);
    }

    /** Held decode memory; closing it gives the memory back. */
    public interface Permit extends AutoCloseable {

        @Override
        void close();
    }
}
