-- API keys created at run time (POST /api/v1/admin/api-keys). Only the SHA-256 of a key is kept, as 64 lower-case
-- hex digits; scopes are lower-case names joined by commas. A revoked key keeps its row.
CREATE TABLE api_keys (
    id         VARCHAR(36)              PRIMARY KEY,
    name       VARCHAR(255)             NOT NULL,
    sha256     VARCHAR(64)              NOT NULL UNIQUE,
    scopes     TEXT                     NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at TIMESTAMP WITH TIME ZONE
);
