-- Values that must be unique across aggregates (user e-mail, product SKU), claimed in the command's transaction.
CREATE TABLE unique_claim (
    scope      VARCHAR(64)  NOT NULL,
    value      VARCHAR(320) NOT NULL,
    owner      VARCHAR(255) NOT NULL,
    claimed_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, value)
);
CREATE INDEX unique_claim_owner ON unique_claim (owner);
