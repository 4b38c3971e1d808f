package org.ledgerline.platform.admin;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.Nullable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.common.DateTimeUtils;
import org.ledgerline.http.Access;
import org.ledgerline.kernel.InvalidCommandException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event store as it is, for operators: one aggregate's stream, or events by type and time in store order. Reads
 * the rows directly (no upcasting), so it shows exactly what is stored: a payload is embedded byte for byte, never
 * parsed into numbers and written again ({@code 1e+26} stays {@code 1e+26}, not {@code 1.0E26}).
 */
@RestController
@RequestMapping("/api/v1/admin/events")
@Tag(name = "Admin")
@Access(Access.Rule.ADMIN)
class EventController {

    private static final int MAX_LIMIT = 1_000;
    private static final String COLUMNS = "globalindex, aggregateidentifier, sequencenumber, type, eventidentifier, "
            + "payloadtype, timestamp, payload";

    private final JdbcTemplate jdbc;
    // Jackson 3, the web layer's own.
    private final JsonMapper json = JsonMapper.builder().build();

    EventController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One stored event; {@code type} is the payload's simple name, {@code payloadType} the full one. {@code payload}
     * is the stored JSON itself, or - when what is stored is not strict JSON - its text as a JSON string.
     */
    record Event(
            long position,
            String aggregateId,
            @Nullable String aggregateType,
            long sequence,
            String type,
            String payloadType,
            String eventId,
            String time,

            @Schema(
                    types = {"object", "array", "string", "number", "boolean"},
                    description = "The stored payload, byte for byte")
            @JsonRawValue
            String payload) {}

    /** A page: pass {@code nextAfterPosition} back as {@code afterPosition} for the next one (null: no more). */
    record Events(List<Event> items, @Nullable Long nextAfterPosition) {}

    @GetMapping
    @Operation(
            summary = "Events of an aggregate, or by type and time",
            description = "aggregateId: that "
                    + "aggregate's stream in sequence order. Otherwise events in position order, filtered by type (simple or "
                    + "full payload type name) and since (an ISO date or instant), after afterPosition, at most limit "
                    + "(1-1000, default 100).")
    Events events(
            @RequestParam(required = false) String aggregateId,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String since,
            @RequestParam(required = false, defaultValue = "0") long afterPosition,
            @RequestParam(required = false, defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidCommandException("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
        List<Object> arguments = new ArrayList<>();
        StringBuilder where = new StringBuilder("globalindex > ?");
        arguments.add(afterPosition);
        if (aggregateId != null && !aggregateId.isBlank()) {
            where.append(" AND aggregateidentifier = ?");
            arguments.add(aggregateId);
        }
        if (type != null && !type.isBlank()) {
            where.append(" AND (payloadtype = ? OR payloadtype LIKE ?)");
            arguments.add(type);
            arguments.add("%." + type.replace("%", "").replace("_", "\\_"));
        }
        if (since != null && !since.isBlank()) {
            // Axon stores times as ISO-8601 strings in UTC with milliseconds: they compare in time order.
            where.append(" AND timestamp >= ?");
            arguments.add(DateTimeUtils.formatInstant(instant(since)));
        }
        String order = aggregateId != null && !aggregateId.isBlank() ? "sequencenumber" : "globalindex";
        arguments.add(limit + 1);
        List<Event> rows = jdbc.query(
                "SELECT " + COLUMNS + " FROM domainevententry WHERE " + where + " ORDER BY " + order + " LIMIT ?",
                (rs, row) -> new Event(
                        rs.getLong("globalindex"),
                        rs.getString("aggregateidentifier"),
                        rs.getString("type"),
                        rs.getLong("sequencenumber"),
                        simpleName(rs.getString("payloadtype")),
                        rs.getString("payloadtype"),
                        rs.getString("eventidentifier"),
                        rs.getString("timestamp"),
                        payload(rs.getBytes("payload"))),
                arguments.toArray());
        boolean more = rows.size() > limit;
        List<Event> page = more ? rows.subList(0, limit) : rows;
        return new Events(List.copyOf(page), more ? page.getLast().position() : null);
    }

    /** The stored bytes as they are when they are one strict JSON value, else their text as a JSON string. */
    private String payload(byte[] bytes) {
        if (isOneJsonValue(bytes)) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        // A payload that is not JSON is shown as its text, not hidden: this is the place to find such events.
        return json.writeValueAsString(new String(bytes, StandardCharsets.UTF_8));
    }

    /** Walks the tokens without converting a number, so nothing is reformatted; embedding raw needs this check. */
    private boolean isOneJsonValue(byte[] bytes) {
        try (JsonParser parser = json.createParser(bytes)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (JacksonException e) {
            return false;
        }
    }

    private static String simpleName(String payloadType) {
        return payloadType.substring(payloadType.lastIndexOf('.') + 1);
    }

    private static Instant instant(String since) {
        try {
            return since.length() == 10
                    ? LocalDate.parse(since).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw new InvalidCommandException("since must be an ISO date (2026-01-01) or instant "
                    + "(2026-01-01T10:00:00Z), not '" + since + "'");
        }
    }
}
