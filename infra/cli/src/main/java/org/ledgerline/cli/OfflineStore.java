package org.ledgerline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The CLI's offline mode: the event store's database while the platform is stopped. It reads tokens and events, and
 * records replay requests (the {@code processor_replay} table the platform's nodes honour when they start); it never
 * resets tokens itself, since only the platform can run the read models' reset handlers.
 */
final class OfflineStore implements AutoCloseable {

    /** Axon's default claim timeout: a claim extended more recently than this belongs to a live node. */
    static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);

    private final Connection connection;

    private OfflineStore(Connection connection) {
        this.connection = connection;
    }

    static OfflineStore open(String url, String user, String password) {
        try {
            return new OfflineStore(DriverManager.getConnection(url, user, password == null ? "" : password));
        } catch (SQLException e) {
            throw CliException.failed("Cannot open the database at " + url + ": " + e.getMessage());
        }
    }

    /** Processors as the token table knows them, shaped like the admin API's answer. */
    ArrayNode processors() {
        ArrayNode result = PlatformClient.JSON.createArrayNode();
        long head = single("SELECT coalesce(max(globalindex), 0) FROM domainevententry");
        Map<String, List<ObjectNode>> byProcessor = new TreeMap<>();
        query(
                "SELECT processorname, segment, owner, timestamp, token, tokentype FROM tokenentry "
                        + "WHERE processorname NOT LIKE '%-rebuild' ORDER BY processorname, segment",
                List.of(), rs -> {
                    ObjectNode claim = PlatformClient.JSON.createObjectNode();
                    claim.put("segment", rs.getInt("segment"));
                    claim.put("owner", rs.getString("owner"));
                    claim.put("claimedAt", rs.getString("timestamp"));
                    Position position = position(rs.getBytes("token"), rs.getString("tokentype"));
                    if (position.globalIndex() == null) {
                        claim.putNull("position");
                    } else {
                        claim.put("position", position.globalIndex());
                    }
                    claim.put("replaying", position.replaying());
                    byProcessor
                            .computeIfAbsent(rs.getString("processorname"), name -> new ArrayList<>())
                            .add(claim);
                });
        byProcessor.forEach((name, claims) -> {
            ObjectNode processor = result.addObject();
            processor.put("name", name);
            processor.put("status", "OFFLINE");
            boolean unknown = claims.stream().anyMatch(c -> c.path("position").isNull());
            Long position = unknown
                    ? null
                    : claims.stream()
                            .mapToLong(c -> c.path("position").asLong())
                            .min()
                            .getAsLong();
            if (position == null) {
                processor.putNull("position");
            } else {
                processor.put("position", position);
            }
            processor.put("headPosition", head);
            processor.put("lag", Math.max(0, head - (position == null ? 0 : position)));
            processor.put("segments", claims.size());
            processor.set("claims", PlatformClient.JSON.valueToTree(claims));
            processor.put(
                    "replaying",
                    claims.stream().anyMatch(c -> c.path("replaying").asBoolean()));
            long letters = single("SELECT count(*) FROM deadletterentry WHERE processinggroup = ?", name);
            processor.put("deadLetters", letters);
        });
        return result;
    }

    /**
     * Records a replay for the platform's next start, unless a live node claims one of the processor's segments:
     * then that node must do it (online), and this says which node.
     */
    long requestReplay(String processor, Long fromPosition, Instant fromTime) {
        List<String> claimedBy = new ArrayList<>();
        TreeSet<String> known = new TreeSet<>();
        query(
                "SELECT processorname FROM tokenentry WHERE processorname NOT LIKE '%-rebuild'",
                List.of(), rs -> known.add(rs.getString(1)));
        if (!known.contains(processor)) {
            throw CliException.usage("No processor '" + processor + "'; valid: " + known);
        }
        Instant live = Instant.now().minus(CLAIM_TIMEOUT);
        query(
                "SELECT segment, owner, timestamp FROM tokenentry WHERE processorname = ? AND owner IS NOT NULL",
                List.of(processor),
                rs -> {
                    Instant claimedAt = parse(rs.getString("timestamp"));
                    if (claimedAt == null || claimedAt.isAfter(live)) {
                        claimedBy.add("segment " + rs.getInt("segment") + " by " + rs.getString("owner"));
                    }
                });
        if (!claimedBy.isEmpty()) {
            throw CliException.failed("Refusing an offline replay of " + processor + ": a running platform node "
                    + "holds its token claim (" + String.join(", ", claimedBy)
                    + "). Stop the platform, or replay online (--url).");
        }
        if (fromPosition != null
                && fromPosition > 0
                && single("SELECT count(*) FROM domainevententry WHERE globalindex = ?", fromPosition) == 0) {
            throw CliException.usage("There is no event at position " + fromPosition + ".");
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO processor_replay (processor, from_position, from_time, state, requested_by) "
                        + "VALUES (?, ?, ?, 'PENDING', 'ledgerline-cli (offline)') RETURNING id")) {
            insert.setString(1, processor);
            insert.setObject(2, fromPosition);
            insert.setTimestamp(3, fromTime == null ? null : Timestamp.from(fromTime));
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw CliException.failed("A replay of " + processor + " is already pending.");
            }
            throw CliException.failed("Recording the replay failed: " + e.getMessage());
        }
    }

    ArrayNode events(String aggregateId, String type, Instant since, long after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT globalindex, aggregateidentifier, sequencenumber, type, "
                + "eventidentifier, payloadtype, timestamp, payload FROM domainevententry WHERE globalindex > ?");
        List<Object> arguments = new ArrayList<>(List.of(after));
        if (aggregateId != null) {
            sql.append(" AND aggregateidentifier = ?");
            arguments.add(aggregateId);
        }
        if (type != null) {
            sql.append(" AND (payloadtype = ? OR payloadtype LIKE ?)");
            arguments.add(type);
            arguments.add("%." + type);
        }
        if (since != null) {
            sql.append(" AND timestamp >= ?");
            arguments.add(axonTime(since));
        }
        sql.append(aggregateId != null ? " ORDER BY sequencenumber" : " ORDER BY globalindex")
                .append(" LIMIT ?");
        arguments.add(limit);
        ArrayNode events = PlatformClient.JSON.createArrayNode();
        query(sql.toString(), arguments, rs -> {
            ObjectNode event = events.addObject();
            String payloadType = rs.getString("payloadtype");
            event.put("position", rs.getLong("globalindex"));
            event.put("aggregateId", rs.getString("aggregateidentifier"));
            event.put("aggregateType", rs.getString("type"));
            event.put("sequence", rs.getLong("sequencenumber"));
            event.put("type", payloadType.substring(payloadType.lastIndexOf('.') + 1));
            event.put("payloadType", payloadType);
            event.put("eventId", rs.getString("eventidentifier"));
            event.put("time", rs.getString("timestamp"));
            event.set("payload", StoredPayloads.asStored(rs.getBytes("payload")));
        });
        return events;
    }

    /** The user id and roles of the user with this e-mail (case-insensitive), from the login table. */
    User user(String email) {
        List<User> users = new ArrayList<>();
        query(
                "SELECT user_id, roles, active FROM user_credential WHERE lower(email) = lower(?)",
                List.of(email),
                rs -> users.add(new User(
                        rs.getString("user_id"), List.of(rs.getString("roles").split(",")), rs.getBoolean("active"))));
        if (users.isEmpty()) {
            throw CliException.usage("No user with that e-mail.");
        }
        return users.getFirst();
    }

    record User(String userId, List<String> roles, boolean active) {}

    private record Position(Long globalIndex, boolean replaying) {}

    /** Tokens are Axon's JSON: a commit-order token, or a replay token around the current one. */
    private static Position position(byte[] token, String type) {
        if (token == null) {
            return new Position(null, false);
        }
        try {
            JsonNode json = PlatformClient.JSON.readTree(token);
            boolean replay = type != null && type.endsWith("ReplayToken");
            JsonNode current = replay ? json.path("currentToken") : json;
            JsonNode index = current.path("globalIndex");
            // Axon keeps a replay token until the first event after the reset point: compare, as the platform does.
            boolean replaying = replay
                    && !(current.path("transactionId").asLong()
                                    > json.path("tokenAtReset")
                                            .path("transactionId")
                                            .asLong()
                            || current.path("transactionId").asLong()
                                            == json.path("tokenAtReset")
                                                    .path("transactionId")
                                                    .asLong()
                                    && index.asLong()
                                            >= json.path("tokenAtReset")
                                                    .path("globalIndex")
                                                    .asLong());
            return new Position(index.isNumber() ? index.asLong() : null, replaying);
        } catch (IOException e) {
            return new Position(null, false);
        }
    }

    private static Instant parse(String time) {
        try {
            return time == null ? null : Instant.parse(time);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Axon's stored time format: ISO-8601 UTC with milliseconds, which sorts in time order. */
    private static String axonTime(Instant instant) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC)
                .format(instant);
    }

    private long single(String sql, Object... arguments) {
        long[] value = new long[1];
        query(sql, List.of(arguments), rs -> value[0] = rs.getLong(1));
        return value[0];
    }

    private interface RowHandler {
        void handle(ResultSet rs) throws SQLException;
    }

    private void query(String sql, List<Object> arguments, RowHandler handler) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < arguments.size(); i++) {
                statement.setObject(i + 1, arguments.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    handler.handle(rs);
                }
            }
        } catch (SQLException e) {
            throw CliException.failed("Reading the database failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing was written that a failed close could lose
        }
    }
}
