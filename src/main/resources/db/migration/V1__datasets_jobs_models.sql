CREATE TABLE datasets (
    id           VARCHAR(36)              PRIMARY KEY,
    name         VARCHAR(255)             NOT NULL,
    classes      TEXT                     NOT NULL,
    class_counts TEXT                     NOT NULL,
    image_count  INTEGER                  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE jobs (
    id               VARCHAR(36)              PRIMARY KEY,
    dataset_id       VARCHAR(36)              NOT NULL REFERENCES datasets (id),
    state            VARCHAR(16)              NOT NULL,
    spec             TEXT                     NOT NULL,
    epoch            INTEGER                  NOT NULL DEFAULT 0,
    epochs           INTEGER                  NOT NULL,
    fraction         DOUBLE PRECISION         NOT NULL DEFAULT 0,
    metrics          TEXT                     NOT NULL DEFAULT '[]',
    model_id         VARCHAR(36),
    error            TEXT,
    cancel_requested BOOLEAN                  NOT NULL DEFAULT FALSE,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE,
    finished_at      TIMESTAMP WITH TIME ZONE
);

CREATE INDEX jobs_state_created ON jobs (state, created_at);

CREATE TABLE models (
    id          VARCHAR(36)              PRIMARY KEY,
    job_id      VARCHAR(36)              NOT NULL REFERENCES jobs (id),
    dataset_id  VARCHAR(36)              NOT NULL REFERENCES datasets (id),
    base_model  VARCHAR(64)              NOT NULL,
    strategy    VARCHAR(64)              NOT NULL,
    labels      TEXT                     NOT NULL,
    metrics     TEXT                     NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
