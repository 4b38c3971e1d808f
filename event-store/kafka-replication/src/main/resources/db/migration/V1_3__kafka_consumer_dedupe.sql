-- Event ids a Kafka consumer of this platform has already applied (IdempotentEventConsumer): after a replicator crash a
-- suffix may arrive twice, always with the same ce_id.
CREATE TABLE kafka_consumed_event (
    consumer    VARCHAR(128) NOT NULL,
    ce_id       VARCHAR(255) NOT NULL,
    consumed_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, ce_id)
);
