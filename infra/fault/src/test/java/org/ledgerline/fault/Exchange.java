package org.ledgerline.fault;

import java.util.ArrayList;
import java.util.List;

/**
 * One command of the load as the client saw it: what it sent (with its {@code Idempotency-Key}) and the answer it
 * finally got. A request whose connection broke (the platform was killed) or that got a 5xx is sent again with the
 * same key until it gets an answer; {@link #uncertain} then says an earlier attempt may have been applied.
 */
final class Exchange {

    /** What the command does; decides which stored event proves it. */
    enum Kind {
        SIGN_UP("UserRegistered"),
        DEPOSIT("MoneyDeposited"),
        CREATE_PRODUCT("ProductCreated"),
        ADD_STOCK("StockAdded"),
        PLACE_ORDER("OrderPlaced"),
        CANCEL_ORDER("OrderCancelled"),
        SHIP_ORDER("OrderShipped");

        final String event;

        Kind(String event) {
            this.event = event;
        }
    }

    final Kind kind;
    final String path;
    final String key;
    final String body;
    final String token;
    /** The aggregate the command writes to as the event store names it (known before sending, except a sign-up's). */
    volatile String aggregateId;

    final List<String> attempts = new ArrayList<>();
    volatile int status;
    volatile String responseBody;
    volatile String location;
    volatile Long position;
    volatile boolean uncertain;

    Exchange(Kind kind, String path, String key, String body, String token, String aggregateId) {
        this.kind = kind;
        this.path = path;
        this.key = key;
        this.body = body;
        this.token = token;
        this.aggregateId = aggregateId;
    }

    boolean acknowledged() {
        return status >= 200 && status < 300;
    }

    /** Answered for good: the platform keeps such an answer for the key (anything below 500 but 429). */
    boolean answered() {
        return status > 0 && status < 500 && status != 429;
    }

    @Override
    public String toString() {
        return kind + " " + path + " key=" + key + " -> " + (status == 0 ? "no answer" : status) + " attempts="
                + attempts;
    }
}
