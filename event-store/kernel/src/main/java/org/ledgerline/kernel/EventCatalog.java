package org.ledgerline.kernel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The published names of one bounded context's events: what the event store writes as an event's type and revision,
 * what Kafka consumers see in {@code ce_type}, and which topic an event goes to. A name never follows the Java class:
 * moving or renaming a class keeps its name, and a name only changes together with a new revision and an upcaster
 * (docs/adr/0017-event-contract.md). Plain Java, so a context's {@code api} package can declare its own catalog.
 *
 * @param context the bounded context; its events go to Kafka topic {@code <prefix>.<context>.events}
 * @param events  the context's events, each with its name, revision and the names it was stored under before
 */
public record EventCatalog(String context, List<Entry> events) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*(\\.[A-Za-z][A-Za-z0-9]*)+");

    public EventCatalog {
        Objects.requireNonNull(context, "context");
        events = List.copyOf(events);
        Set<String> seen = new HashSet<>();
        for (Entry event : events) {
            for (String name : event.allNames()) {
                if (!seen.add(name)) {
                    throw new IllegalArgumentException("Event name " + name + " is given twice in catalog " + context);
                }
            }
        }
    }

    /** Starts the catalog of {@code context}. */
    public static Builder of(String context) {
        return new Builder(context);
    }

    /**
     * One event type.
     *
     * @param type     its Java class (free to move: the stored name is {@code name})
     * @param name     its stable name, {@code <context>.<EventName>}
     * @param revision its revision; a new one comes with an upcaster from the previous
     * @param formerly the names it was stored or published under before (events written before the catalog carry
     *                 their Java class name and no revision); rows under these names still load
     */
    public record Entry(Class<?> type, String name, String revision, List<String> formerly) {

        public Entry {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(revision, "revision");
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "Event name '" + name + "' of " + type.getName() + " is not <context>.<EventName>");
            }
            formerly = List.copyOf(formerly);
        }

        /** Every name the event may be stored under: its name first, then its former names. */
        public List<String> allNames() {
            List<String> all = new ArrayList<>(formerly.size() + 1);
            all.add(name);
            all.addAll(formerly);
            return List.copyOf(all);
        }
    }

    /** Builds a catalog, one event per line. */
    public static final class Builder {

        private final String context;
        private final List<Entry> events = new ArrayList<>();

        private Builder(String context) {
            this.context = context;
        }

        /** An event with its stable name, its revision and the names it was stored under before (if any). */
        public Builder event(Class<?> type, String name, String revision, String... formerly) {
            if (!name.startsWith(context + ".")) {
                throw new IllegalArgumentException("Event name " + name + " is not in context " + context);
            }
            events.add(new Entry(type, name, revision, List.of(formerly)));
            return this;
        }

        public EventCatalog build() {
            return new EventCatalog(context, events);
        }
    }
}
