-- Models trained under one name are its versions (1, 2, ...); an alias such as 'production'
-- points at one version of a name, so clients classify against name@alias and a promotion is a
-- one-row change.
ALTER TABLE models ADD COLUMN name VARCHAR(255);
ALTER TABLE models ADD COLUMN version INTEGER;
UPDATE models SET name = id, version = 1 WHERE name IS NULL;
ALTER TABLE models ALTER COLUMN name SET NOT NULL;
ALTER TABLE models ALTER COLUMN version SET NOT NULL;
CREATE UNIQUE INDEX models_name_version ON models (name, version);

CREATE TABLE model_aliases (
    name       VARCHAR(255)             NOT NULL,
    alias      VARCHAR(64)              NOT NULL,
    model_id   VARCHAR(36)              NOT NULL REFERENCES models (id),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (name, alias)
);
