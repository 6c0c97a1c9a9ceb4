package io.tenfold.jobs;

/** The worker no longer holds the job: its lease expired and another worker may have taken it over. */
public final class LeaseLostException extends RuntimeException {

    public LeaseLostException(Lease lease) {
        super("lease on job %s (attempt %d) is no longer held by %s".formatted(lease.jobId(), lease.attempt(),
                lease.owner()));
    }
}
