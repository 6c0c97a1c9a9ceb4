-- Types are chosen to mean the same on PostgreSQL (production) and H2 in PostgreSQL mode (the
-- embedded default). JSON documents are TEXT, written and read by the application.

CREATE TABLE datasets (
    id           VARCHAR(36)              PRIMARY KEY,
    name         VARCHAR(255)             NOT NULL,
    classes      TEXT                     NOT NULL,
    class_counts TEXT                     NOT NULL,
    image_count  INTEGER                  NOT NULL,
    image_sizes  TEXT                     NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    -- Deleted datasets keep their row so jobs and models can still name them.
    deleted_at   TIMESTAMP WITH TIME ZONE
);

-- The jobs table is also the queue: workers claim rows with FOR UPDATE SKIP LOCKED and hold them
-- by a lease that heartbeats renew; an expired lease puts the job up for another worker.
CREATE TABLE jobs (
    id                 VARCHAR(36)              PRIMARY KEY,
    dataset_id         VARCHAR(36)              NOT NULL REFERENCES datasets (id),
    idempotency_key    VARCHAR(255)             UNIQUE,
    state              VARCHAR(16)              NOT NULL,
    spec               TEXT                     NOT NULL,
    attempt            INTEGER                  NOT NULL DEFAULT 0,
    max_attempts       INTEGER                  NOT NULL,
    lease_owner        VARCHAR(255),
    lease_expires_at   TIMESTAMP WITH TIME ZONE,
    heartbeat_at       TIMESTAMP WITH TIME ZONE,
    phase              VARCHAR(32),
    epoch              INTEGER                  NOT NULL DEFAULT 0,
    epochs             INTEGER                  NOT NULL,
    fraction           DOUBLE PRECISION         NOT NULL DEFAULT 0,
    last_loss          DOUBLE PRECISION,
    images_per_second  DOUBLE PRECISION,
    resumed_from_epoch INTEGER,
    model_id           VARCHAR(36),
    error              TEXT,
    cancel_requested   BOOLEAN                  NOT NULL DEFAULT FALSE,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at         TIMESTAMP WITH TIME ZONE,
    finished_at        TIMESTAMP WITH TIME ZONE
);

CREATE INDEX jobs_state_created ON jobs (state, created_at);

CREATE TABLE job_epochs (
    job_id  VARCHAR(36) NOT NULL REFERENCES jobs (id),
    epoch   INTEGER     NOT NULL,
    metrics TEXT        NOT NULL,
    PRIMARY KEY (job_id, epoch)
);

CREATE TABLE models (
    id          VARCHAR(36)              PRIMARY KEY,
    job_id      VARCHAR(36)              NOT NULL UNIQUE REFERENCES jobs (id),
    dataset_id  VARCHAR(36)              NOT NULL REFERENCES datasets (id),
    base_model  VARCHAR(64)              NOT NULL,
    strategy    VARCHAR(64)              NOT NULL,
    labels      TEXT                     NOT NULL,
    metrics     TEXT                     NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    deleted_at  TIMESTAMP WITH TIME ZONE
);
