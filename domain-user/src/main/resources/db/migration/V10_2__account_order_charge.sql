-- How each account answered each order's charge (ADR 0024): charged (and the amount, which a refund gives back),
-- declined, or charged and then refunded. The Account aggregate keeps only its balance; ChargeForOrder and
-- RefundOrder probe this key. The rows are written by the database from the events themselves, in the INSERT that
-- appends them, so a row exists exactly when its event does: a rolled-back command leaves none, and events appended
-- by any writer (a node of the previous release during a rolling upgrade, a bulk load) get theirs. Existing events
-- are back-filled below.
CREATE TABLE account_order_charge (
    account_id VARCHAR(255)   NOT NULL,   -- domainevententry.aggregateidentifier, account-<user id>
    order_id   UUID           NOT NULL,
    outcome    VARCHAR(16)    NOT NULL CHECK (outcome IN ('CHARGED', 'DECLINED', 'REFUNDED')),
    amount     NUMERIC        NOT NULL,   -- charged (or declined) amount, as the event states it
    currency   CHAR(3)        NOT NULL,
    PRIMARY KEY (account_id, order_id)
);

-- The outcome an event's stored type records, under its catalogued name or the class name it had before (ADR 0017).
CREATE FUNCTION account_order_charge_outcome_of(payload_type VARCHAR) RETURNS VARCHAR
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE payload_type
        WHEN 'user.AccountCharged' THEN 'CHARGED'
        WHEN 'org.ledgerline.user.api.AccountCharged' THEN 'CHARGED'
        WHEN 'user.ChargeDeclined' THEN 'DECLINED'
        WHEN 'org.ledgerline.user.api.ChargeDeclined' THEN 'DECLINED'
        WHEN 'user.AccountRefunded' THEN 'REFUNDED'
        WHEN 'org.ledgerline.user.api.AccountRefunded' THEN 'REFUNDED'
    END;

-- A charge is answered once (charged or declined) and a charged order refunded at most once, after its charge (the
-- account's events are appended in sequence order): a refund turns the charged row into a refunded one.
CREATE FUNCTION account_order_charge_record() RETURNS TRIGGER
    LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    event JSONB := convert_from(NEW.payload, 'UTF8')::jsonb;
BEGIN
    INSERT INTO account_order_charge (account_id, order_id, outcome, amount, currency)
    VALUES (NEW.aggregateidentifier,
            (event ->> 'orderId')::uuid,
            account_order_charge_outcome_of(NEW.payloadtype),
            (event -> 'amount' ->> 'amount')::numeric,
            event -> 'amount' ->> 'currency')
    ON CONFLICT (account_id, order_id) DO UPDATE SET outcome = 'REFUNDED'
        WHERE excluded.outcome = 'REFUNDED' AND account_order_charge.outcome = 'CHARGED';
    RETURN NULL;
END
$$;

CREATE TRIGGER account_order_charge AFTER INSERT ON domainevententry
    FOR EACH ROW WHEN (account_order_charge_outcome_of(NEW.payloadtype) IS NOT NULL)
    EXECUTE FUNCTION account_order_charge_record();

-- Back-fill: answers first, then refunds (a refund's row exists only after its charge's).
INSERT INTO account_order_charge (account_id, order_id, outcome, amount, currency)
SELECT event.aggregateidentifier,
       (convert_from(event.payload, 'UTF8')::jsonb ->> 'orderId')::uuid,
       account_order_charge_outcome_of(event.payloadtype),
       (convert_from(event.payload, 'UTF8')::jsonb -> 'amount' ->> 'amount')::numeric,
       convert_from(event.payload, 'UTF8')::jsonb -> 'amount' ->> 'currency'
FROM domainevententry event
WHERE event.payloadtype IN ('user.AccountCharged', 'org.ledgerline.user.api.AccountCharged',
                            'user.ChargeDeclined', 'org.ledgerline.user.api.ChargeDeclined')
ON CONFLICT (account_id, order_id) DO NOTHING;

UPDATE account_order_charge charge
SET outcome = 'REFUNDED'
FROM domainevententry event
WHERE event.payloadtype IN ('user.AccountRefunded', 'org.ledgerline.user.api.AccountRefunded')
  AND charge.account_id = event.aggregateidentifier
  AND charge.order_id = (convert_from(event.payload, 'UTF8')::jsonb ->> 'orderId')::uuid
  AND charge.outcome = 'CHARGED';
