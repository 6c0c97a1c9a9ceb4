package io.tenfold.jobs;

/** A worker's claim on a running job; every write the worker makes is conditional on holding it. */
public record Lease(String jobId, String owner, int attempt) {
}
