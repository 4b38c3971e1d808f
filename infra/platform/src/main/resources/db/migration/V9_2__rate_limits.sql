-- Rate limits shared by every node (issue 19, ADR 0014; platform range V9_x).

-- Bucket4j token buckets (PostgreSQLSelectForUpdateBasedProxyManager): one row per caller key that sent something
-- recently. expires_at (epoch milliseconds) is when the bucket is full again; RateLimitCleaner deletes rows past it.
CREATE TABLE rate_limit_bucket (
    id         VARCHAR(128) PRIMARY KEY,   -- 'command:<user id>', 'command-address:<ip>', 'sign-in:<ip>', 'sign-up:<ip>'
    state      BYTEA,
    expires_at BIGINT
);
CREATE INDEX rate_limit_bucket_expires ON rate_limit_bucket (expires_at);

-- Consecutive failed sign-ins per account. account is the SHA-256 (hex) of the normalised e-mail, never the e-mail:
-- rows also exist for e-mails nobody registered, so a lock-out says nothing about whether the account exists.
CREATE TABLE sign_in_failure (
    account       CHAR(64)    PRIMARY KEY,
    failures      INTEGER     NOT NULL,
    locked_until  TIMESTAMPTZ,
    last_failure  TIMESTAMPTZ NOT NULL
);
CREATE INDEX sign_in_failure_last ON sign_in_failure (last_failure);
