package org.ledgerline.eventstore;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ledgerline.kernel.EventCatalog;

/**
 * All contexts' event catalogs together: an event's stable name and revision by class, its class by any name it was
 * ever stored under, and its context (which picks its Kafka topic). Classes outside every catalog are not part of
 * the contract and keep their Java class names (sagas, snapshots, deadlines, tokens).
 */
public final class EventContract {

    private final List<EventCatalog> catalogs;
    private final Map<Class<?>, EventCatalog.Entry> byClass = new HashMap<>();
    private final Map<String, EventCatalog.Entry> byName = new HashMap<>();
    private final Map<String, EventCatalog.Entry> byFormerName = new HashMap<>();
    private final Map<String, String> contextByName = new HashMap<>();

    public EventContract(Collection<EventCatalog> catalogs) {
        this.catalogs = List.copyOf(catalogs);
        for (EventCatalog catalog : this.catalogs) {
            for (EventCatalog.Entry event : catalog.events()) {
                EventCatalog.Entry clash = byClass.putIfAbsent(event.type(), event);
                if (clash != null) {
                    throw new IllegalStateException(event.type().getName() + " is catalogued twice: as " + clash.name()
                            + " and as " + event.name());
                }
                claim(event.name(), event, catalog.context());
                byName.put(event.name(), event);
                for (String former : event.formerly()) {
                    claim(former, event, catalog.context());
                    byFormerName.put(former, event);
                }
            }
        }
    }

    private void claim(String name, EventCatalog.Entry event, String context) {
        String taken = contextByName.putIfAbsent(name, context);
        if (taken != null) {
            throw new IllegalStateException(
                    "Event name " + name + " of " + event.type().getName() + " is already taken in context " + taken);
        }
    }

    public static EventContract empty() {
        return new EventContract(List.of());
    }

    public List<EventCatalog> catalogs() {
        return catalogs;
    }

    /** The catalogued event of this class, if it is one. */
    public Optional<EventCatalog.Entry> of(Class<?> type) {
        return Optional.ofNullable(byClass.get(type));
    }

    /** The catalogued event stored under this name, current or former. */
    public Optional<EventCatalog.Entry> named(String name) {
        EventCatalog.Entry current = byName.get(name);
        return Optional.ofNullable(current != null ? current : byFormerName.get(name));
    }

    /** The catalogued event whose former name this is (a row written before the name was pinned, or renamed). */
    public Optional<EventCatalog.Entry> formerlyNamed(String name) {
        return Optional.ofNullable(byFormerName.get(name));
    }

    /** Every name an event of this class may be stored under: its name first, then its former names. */
    public List<String> storedNamesOf(Class<?> type) {
        EventCatalog.Entry event = byClass.get(type);
        if (event == null) {
            return List.of(type.getName());
        }
        return event.allNames();
    }

    /** The context of a stored name (current or former), or empty for types outside the contract. */
    public Optional<String> contextOf(String name) {
        return Optional.ofNullable(contextByName.get(name));
    }
}
