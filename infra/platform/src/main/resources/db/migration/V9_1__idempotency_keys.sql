-- Responses of requests sent with an Idempotency-Key, so a retry gets the first answer (platform range V9_x).
CREATE TABLE idempotency_key (
    owner            VARCHAR(64)  NOT NULL,   -- the caller's user id, or 'anonymous' for public endpoints
    key              VARCHAR(255) NOT NULL,
    request_hash     CHAR(64)     NOT NULL,   -- SHA-256 of method, path and body
    response_status  INTEGER,                 -- NULL while the first request is still running
    response_headers TEXT,
    response_body    BYTEA,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    completed_at     TIMESTAMPTZ,
    PRIMARY KEY (owner, key)
);
CREATE INDEX idempotency_key_created ON idempotency_key (created_at);
