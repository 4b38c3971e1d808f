-- The aggregate version (sequence number of the product's latest event) each catalog row reflects, so a reader can
-- tell how current a row is and compare it with an If-Match version. V11_1 may already be applied to existing
-- databases, hence a migration of its own; existing rows take their version from the event store (one index
-- lookup per product on the (aggregateidentifier, sequencenumber) key).
ALTER TABLE product_catalog ADD COLUMN version BIGINT NOT NULL DEFAULT 0;

UPDATE product_catalog catalog
SET version = coalesce((SELECT max(event.sequencenumber) FROM domainevententry event
                        WHERE event.aggregateidentifier = catalog.product_id::text), 0);
