package io.tenfold.worker;

import io.tenfold.jobs.Lease;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Why a running job should stop now: its lease was lost, the worker is shutting down, or a user
 * cancelled it. Flags only, set by the worker's heartbeat and shutdown, so that the training
 * thread can ask between every two batches for nothing.
 */
final class RunControl {

    enum Stop { NONE, LEASE_LOST, SHUTDOWN, CANCELLED }

    private final Lease lease;
    private final AtomicBoolean leaseLost = new AtomicBoolean();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicBoolean shuttingDown;

    RunControl(Lease lease, AtomicBoolean shuttingDown) {
        this.lease = lease;
        this.shuttingDown = shuttingDown;
    }

    Lease lease() {
        return lease;
    }

    void leaseLost() {
        leaseLost.set(true);
    }

    void cancelRequested() {
        cancelled.set(true);
    }

    Stop stop() {
        if (leaseLost.get()) {
            return Stop.LEASE_LOST;
        }
        if (shuttingDown.get()) {
            return Stop.SHUTDOWN;
        }
        return cancelled.get() ? Stop.CANCELLED : Stop.NONE;
    }
}
