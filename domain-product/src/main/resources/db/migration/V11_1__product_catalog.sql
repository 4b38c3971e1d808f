-- The catalog as the write side knows it, for other contexts to price orders with (ProductLookup). Kept by a
-- subscribing handler, so a row changes in the same transaction as the product's events.
CREATE TABLE product_catalog (
    product_id     UUID          PRIMARY KEY,
    sku            VARCHAR(64)   NOT NULL,
    name           VARCHAR(200)  NOT NULL,
    price_amount   NUMERIC(19,4) NOT NULL,
    price_scale    INTEGER       NOT NULL,
    price_currency CHAR(3)       NOT NULL,
    available      INTEGER       NOT NULL,
    reserved       INTEGER       NOT NULL DEFAULT 0,
    discontinued   BOOLEAN       NOT NULL DEFAULT FALSE
);
