package org.ledgerline.eventstore;

import java.util.List;
import java.util.Optional;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads an aggregate's newest event of one type straight from the store, e.g. the balance a deposit just produced.
 * Unlike replaying the aggregate's stream, it does not depend on where the latest snapshot was taken.
 */
public class LatestEvents {

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final EventContract contract;

    public LatestEvents(JdbcTemplate jdbc, Serializer serializer, EventContract contract) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.contract = contract;
    }

    public <T> Optional<T> latest(String aggregateId, Class<T> payloadType) {
        List<SimpleSerializedObject<byte[]>> rows = jdbc.query(
                "SELECT payload, payloadtype, payloadrevision FROM domainevententry "
                        + "WHERE aggregateidentifier = ? AND payloadtype = ANY (?) "
                        + "ORDER BY sequencenumber DESC LIMIT 1",
                (rs, row) ->
                        new SimpleSerializedObject<>(rs.getBytes(1), byte[].class, rs.getString(2), rs.getString(3)),
                // Rows written before the event's name was pinned carry a former name (ADR 0017).
                aggregateId,
                contract.storedNamesOf(payloadType).toArray(String[]::new));
        return rows.stream().findFirst().map(serialized -> payloadType.cast(serializer.deserialize(serialized)));
    }

    /**
     * The aggregate's newest event with its position and version, in one round trip, when it is of the given type
     * (e.g. the {@code MoneyDeposited} a deposit just appended); empty when the newest event is of another type or
     * there is none — then ask {@link #latest} and {@link EventStorePositions#headOf} separately. Within a request
     * whose command appended an event of that type to the aggregate ({@link CommandAppends}), that event, unread.
     */
    public <T> Optional<Newest<T>> newestIf(String aggregateId, Class<T> payloadType) {
        // The event this request's command just appended, as its insert returned it: no read.
        Optional<CommandAppends.Appended> appended = CommandAppends.of(aggregateId);
        if (appended.isPresent() && payloadType.isInstance(appended.get().payload())) {
            return Optional.of(new Newest<>(
                    payloadType.cast(appended.get().payload()), appended.get().head()));
        }
        List<Newest<SimpleSerializedObject<byte[]>>> rows = jdbc.query(
                "SELECT payload, payloadtype, payloadrevision, globalindex, sequencenumber FROM domainevententry "
                        + "WHERE aggregateidentifier = ? ORDER BY sequencenumber DESC LIMIT 1",
                (rs, row) -> new Newest<>(
                        new SimpleSerializedObject<>(rs.getBytes(1), byte[].class, rs.getString(2), rs.getString(3)),
                        new EventStorePositions.Head(rs.getLong(4), rs.getLong(5))),
                aggregateId);
        return rows.stream()
                .findFirst()
                .filter(newest -> contract.storedNamesOf(payloadType)
                        .contains(newest.payload().getType().getName()))
                .map(newest -> new Newest<>(payloadType.cast(serializer.deserialize(newest.payload())), newest.head()));
    }

    /** An aggregate's newest event and where it sits. */
    public record Newest<T>(T payload, EventStorePositions.Head head) {}
}
