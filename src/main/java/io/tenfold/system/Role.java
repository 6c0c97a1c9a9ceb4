package io.tenfold.system;

/** What a process of the one Tenfold jar does. */
public enum Role {
    /** HTTP API and an in-process worker: the embedded default. */
    ALL,
    /** HTTP API only; never trains. */
    API,
    /** Claims and runs jobs; no public HTTP API. */
    WORKER;

    public boolean runsWorker() {
        return this != API;
    }
}
