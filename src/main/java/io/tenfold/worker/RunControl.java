package io.tenfold.worker;

import io.tenfold.jobs.JobRepository;
import io.tenfold.jobs.Lease;
import java.util.concurrent.atomic.AtomicBoolean;

/** Why a running job should stop now: its lease was lost, the worker is shutting down, or a user cancelled it. */
final class RunControl {

    enum Stop { NONE, LEASE_LOST, SHUTDOWN, CANCELLED }

    private final Lease lease;
    private final JobRepository jobs;
    private final AtomicBoolean leaseLost = new AtomicBoolean();
    private final AtomicBoolean shuttingDown;

    RunControl(Lease lease, JobRepository jobs, AtomicBoolean shuttingDown) {
        this.lease = lease;
        this.jobs = jobs;
        this.shuttingDown = shuttingDown;
    }

    Lease lease() {
        return lease;
    }

    void leaseLost() {
        leaseLost.set(true);
    }

    Stop stop() {
        if (leaseLost.get()) {
            return Stop.LEASE_LOST;
        }
        if (shuttingDown.get()) {
            return Stop.SHUTDOWN;
        }
        return jobs.cancelRequested(lease.jobId()) ? Stop.CANCELLED : Stop.NONE;
    }
}
