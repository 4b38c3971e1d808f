package org.ledgerline.http;

import java.net.URI;
import org.ledgerline.eventstore.CommandAppends;
import org.ledgerline.eventstore.EventStorePositions;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The response of an accepted command: the status, and the headers that let a client continue safely —
 * {@code X-Ledgerline-Position} (the event-store position of the aggregate's newest event, for read-your-writes) and
 * {@code ETag} (its version, for the next {@code If-Match}). The position and version of an event the request's
 * command appended are those its insert returned ({@link CommandAppends}); otherwise they are read from the store.
 */
public class CommandResponses {

    public static final String POSITION_HEADER = "X-Ledgerline-Position";

    private final EventStorePositions positions;

    public CommandResponses(EventStorePositions positions) {
        this.positions = positions;
    }

    public <T> ResponseEntity<T> ok(String aggregateId, T body) {
        return respond(HttpStatus.OK, aggregateId, null, body);
    }

    /** As {@link #ok(String, Object)}, with the aggregate's head already read (e.g. with its newest event). */
    public <T> ResponseEntity<T> ok(EventStorePositions.Head head, T body) {
        return ResponseEntity.ok()
                .header(POSITION_HEADER, Long.toString(head.position()))
                .eTag("\"" + head.version() + "\"")
                .body(body);
    }

    public <T> ResponseEntity<T> created(String aggregateId, URI location, T body) {
        return respond(HttpStatus.CREATED, aggregateId, location, body);
    }

    public <T> ResponseEntity<T> accepted(String aggregateId, URI location, T body) {
        return respond(HttpStatus.ACCEPTED, aggregateId, location, body);
    }

    private <T> ResponseEntity<T> respond(HttpStatus status, String aggregateId, URI location, T body) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status);
        // What this request's command appended came back with its insert; only a command that appended nothing to
        // the aggregate (or ran outside a request's scope) needs the read.
        EventStorePositions.Head head = CommandAppends.of(aggregateId)
                .map(CommandAppends.Appended::head)
                .orElseGet(() -> positions.headOf(aggregateId));
        if (head != null) {
            builder.header(POSITION_HEADER, Long.toString(head.position()));
            builder.eTag("\"" + head.version() + "\"");
        }
        if (location != null) {
            builder.location(location);
        }
        return builder.body(body);
    }
}
