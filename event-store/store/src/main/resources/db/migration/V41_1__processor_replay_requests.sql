-- Replay requests for streaming processors, shared by every platform node (issue 7, AxonFramework #550): Axon can
-- only reset a processor's tokens when it holds every segment's claim, so one node cannot reset alone. A request is
-- recorded here; every node pauses that processor (releasing its claims), one node resets it, every node resumes.
CREATE TABLE processor_replay (
    id            BIGSERIAL    PRIMARY KEY,
    processor     VARCHAR(255) NOT NULL,
    from_position BIGINT,
    from_time     TIMESTAMPTZ,
    state         VARCHAR(16)  NOT NULL,
    requested_by  VARCHAR(255) NOT NULL,
    requested_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    reset_by      VARCHAR(255),
    finished_at   TIMESTAMPTZ,
    error         TEXT,
    CONSTRAINT processor_replay_state CHECK (state IN ('PENDING', 'DONE', 'FAILED'))
);

-- At most one replay of a processor waits at a time.
CREATE UNIQUE INDEX processor_replay_one_pending ON processor_replay (processor) WHERE state = 'PENDING';
CREATE INDEX processor_replay_latest ON processor_replay (processor, id DESC);
