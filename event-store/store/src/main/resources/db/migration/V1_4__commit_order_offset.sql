-- Commit-order ids that survive a logical restore into another PostgreSQL cluster (docs/adr/0018).
-- A row's tx_id is its writing transaction's id plus this store's offset, and streaming readers compare tx_id with
-- the horizon plus the same offset. The offset is 0 until a store restored with pg_dump/pg_restore into a cluster
-- whose transaction ids are behind the store's rows is started: the platform then raises it past the restored rows
-- (CommitOrderOffset) before anything appends. With offset 0 every id is the transaction id, exactly as before, so
-- nodes of the previous version keep reading and appending correctly during a rolling upgrade.

CREATE TABLE event_store_commit_order (
    singleton    BOOLEAN PRIMARY KEY DEFAULT true CHECK (singleton),
    tx_id_offset BIGINT  NOT NULL    DEFAULT 0    CHECK (tx_id_offset >= 0)
);
INSERT INTO event_store_commit_order DEFAULT VALUES;

-- SQL-standard bodies: the table is bound when the function is created (no search_path lookups at run time), and
-- pg_dump knows the dependency, so a dump restores table, functions and column default in a working order.
CREATE FUNCTION event_store_tx_id_offset() RETURNS BIGINT
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN (SELECT tx_id_offset FROM event_store_commit_order);

-- The commit-order id of a row the current transaction writes.
CREATE FUNCTION event_store_commit_order_id() RETURNS BIGINT
    LANGUAGE sql VOLATILE
    RETURN pg_current_xact_id()::text::bigint + event_store_tx_id_offset();

ALTER TABLE domainevententry ALTER COLUMN tx_id SET DEFAULT event_store_commit_order_id();
