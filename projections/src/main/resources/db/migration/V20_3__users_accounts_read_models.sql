-- Users (never a password hash) and customer accounts, as the query API shows them.
CREATE TABLE users (
    user_id    UUID         NOT NULL PRIMARY KEY,
    email      VARCHAR(320) NOT NULL,
    name       VARCHAR(100) NOT NULL,
    active     BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE user_roles (
    user_id UUID        NOT NULL,
    role    VARCHAR(16) NOT NULL,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE accounts (
    user_id        UUID          NOT NULL PRIMARY KEY,
    currency       CHAR(3)       NOT NULL,
    balance_amount NUMERIC(19,4) NOT NULL,
    balance_scale  INTEGER       NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Per customer: how many orders and what they spent (confirmed and later). A view over the orders read model,
-- so it can never disagree with it and needs no rebuild of its own.
CREATE VIEW customer_order_summary AS
SELECT customer_id,
       count(*) AS order_count,
       coalesce(sum(CASE WHEN status IN ('CONFIRMED', 'SHIPPED', 'DELIVERED') THEN total_amount END), 0)
           AS total_spent,
       min(total_currency) AS currency
FROM orders
GROUP BY customer_id;
