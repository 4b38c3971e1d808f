-- Login data of users, kept beside (not in) the event store: password hashes must never be in events, which are
-- replicated to Kafka and cannot be erased. Written in the transaction of the command that changes the user.
CREATE TABLE user_credential (
    user_id       UUID         PRIMARY KEY,
    email         VARCHAR(320) NOT NULL UNIQUE,
    password_hash VARCHAR(255) NOT NULL,
    roles         VARCHAR(255) NOT NULL,    -- comma-separated Role names
    active        BOOLEAN      NOT NULL DEFAULT TRUE,
    updated_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
