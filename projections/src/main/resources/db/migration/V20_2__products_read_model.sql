-- The products read model: catalog and stock as customers browse them.
CREATE TABLE products (
    product_id   UUID          NOT NULL PRIMARY KEY,
    sku          VARCHAR(64)   NOT NULL,
    name         VARCHAR(200)  NOT NULL,
    search_name  VARCHAR(200)  NOT NULL,  -- lower-case name, for case-insensitive search
    price_amount NUMERIC(19,4) NOT NULL,
    price_scale  INTEGER       NOT NULL,
    currency     CHAR(3)       NOT NULL,
    available    INTEGER       NOT NULL,
    reserved     INTEGER       NOT NULL DEFAULT 0,
    discontinued BOOLEAN       NOT NULL DEFAULT FALSE
);
CREATE INDEX products_page ON products (search_name, product_id);

-- Open reservations per order: reserved = their sum, so replaying a reservation event changes nothing.
CREATE TABLE product_reservations (
    product_id UUID    NOT NULL,
    order_id   UUID    NOT NULL,
    quantity   INTEGER NOT NULL,
    PRIMARY KEY (product_id, order_id)
);
