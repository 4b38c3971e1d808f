-- The orders a product has answered for good (ADR 0024): refused, released or committed. The Product aggregate keeps
-- only its open reservations; "was this order answered already?" for any other order is one probe of this key.
-- The rows are written by the database from the events themselves, in the INSERT that appends them, so a row exists
-- exactly when its event does: a rolled-back command leaves none, and events appended by any writer (a node of the
-- previous release during a rolling upgrade, a bulk load) get theirs. Existing events are back-filled below.
CREATE TABLE product_order_outcome (
    product_id VARCHAR(255) NOT NULL,   -- domainevententry.aggregateidentifier of the product
    order_id   UUID         NOT NULL,
    outcome    VARCHAR(16)  NOT NULL CHECK (outcome IN ('REFUSED', 'RELEASED', 'COMMITTED')),
    PRIMARY KEY (product_id, order_id)
);

-- The outcome an event's stored type records, under its catalogued name or the class name it had before (ADR 0017).
CREATE FUNCTION product_order_outcome_of(payload_type VARCHAR) RETURNS VARCHAR
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE payload_type
        WHEN 'product.StockReservationRejected' THEN 'REFUSED'
        WHEN 'org.ledgerline.product.api.StockReservationRejected' THEN 'REFUSED'
        WHEN 'product.StockReservationReleased' THEN 'RELEASED'
        WHEN 'org.ledgerline.product.api.StockReservationReleased' THEN 'RELEASED'
        WHEN 'product.StockReservationCommitted' THEN 'COMMITTED'
        WHEN 'org.ledgerline.product.api.StockReservationCommitted' THEN 'COMMITTED'
    END;

-- An order is answered once (refused, or reserved and then released or committed once), so a second row for the same
-- key never differs from the first: DO NOTHING keeps re-appends idempotent.
CREATE FUNCTION product_order_outcome_record() RETURNS TRIGGER
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO product_order_outcome (product_id, order_id, outcome)
    VALUES (NEW.aggregateidentifier,
            (convert_from(NEW.payload, 'UTF8')::jsonb ->> 'orderId')::uuid,
            product_order_outcome_of(NEW.payloadtype))
    ON CONFLICT (product_id, order_id) DO NOTHING;
    RETURN NULL;
END
$$;

CREATE TRIGGER product_order_outcome AFTER INSERT ON domainevententry
    FOR EACH ROW WHEN (product_order_outcome_of(NEW.payloadtype) IS NOT NULL)
    EXECUTE FUNCTION product_order_outcome_record();

INSERT INTO product_order_outcome (product_id, order_id, outcome)
SELECT event.aggregateidentifier,
       (convert_from(event.payload, 'UTF8')::jsonb ->> 'orderId')::uuid,
       product_order_outcome_of(event.payloadtype)
FROM domainevententry event
WHERE event.payloadtype IN ('product.StockReservationRejected', 'org.ledgerline.product.api.StockReservationRejected',
                            'product.StockReservationReleased', 'org.ledgerline.product.api.StockReservationReleased',
                            'product.StockReservationCommitted', 'org.ledgerline.product.api.StockReservationCommitted')
ON CONFLICT (product_id, order_id) DO NOTHING;
