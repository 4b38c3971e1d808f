-- The orders read model (projections range V2x_x). Rebuilt from the event store at will: nothing here is the truth.
CREATE TABLE orders (
    order_id         UUID          NOT NULL PRIMARY KEY,
    customer_id      UUID          NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    total_amount     NUMERIC(19,4) NOT NULL,
    total_scale      INTEGER       NOT NULL,
    total_currency   CHAR(3)       NOT NULL,
    rejection_reason VARCHAR(500),
    tracking_number  VARCHAR(64),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
-- Keyset pagination, newest first, per customer and overall.
CREATE INDEX orders_customer_page ON orders (customer_id, created_at DESC, order_id DESC);
CREATE INDEX orders_page ON orders (created_at DESC, order_id DESC);

CREATE TABLE order_lines (
    order_id          UUID          NOT NULL,
    line_no           INTEGER       NOT NULL,
    product_id        UUID          NOT NULL,
    sku               VARCHAR(64)   NOT NULL,
    name              VARCHAR(200)  NOT NULL,
    quantity          INTEGER       NOT NULL,
    unit_price_amount NUMERIC(19,4) NOT NULL,
    unit_price_scale  INTEGER       NOT NULL,
    currency          CHAR(3)       NOT NULL,
    PRIMARY KEY (order_id, line_no)
);
