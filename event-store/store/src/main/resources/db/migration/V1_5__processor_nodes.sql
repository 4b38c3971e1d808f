-- Live platform nodes, for spreading event processor segments over them (ADR 0023). Every node's segment balancer
-- writes its row every interval (heartbeat_at from the database's clock, so node clocks do not matter) and deletes it
-- when it stops; a node whose heartbeat is older than ledgerline.processors.balance.node-timeout counts as gone.
CREATE TABLE processor_node (
    node_id      VARCHAR(255) PRIMARY KEY,
    -- the balanced processors this node runs, comma-separated: only these count towards their fair share
    processors   TEXT         NOT NULL,
    started_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    heartbeat_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
