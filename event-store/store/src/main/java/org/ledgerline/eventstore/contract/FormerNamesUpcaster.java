package org.ledgerline.eventstore.contract;

import java.util.function.Function;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.ledgerline.eventstore.EventContract;

/**
 * First in the upcaster chain: a row stored under a former name (before the catalog, the Java class name and no
 * revision) is read as the event's current name, revision 1 when it had none. Every later upcaster of an event then
 * matches one name, whatever the row was written under. The payload is untouched.
 */
public class FormerNamesUpcaster extends SingleEventUpcaster {

    /** The revision of every event stored before the catalog pinned revisions. */
    public static final String FIRST_REVISION = "1";

    private final EventContract contract;

    public FormerNamesUpcaster(EventContract contract) {
        this.contract = contract;
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return contract.formerlyNamed(representation.getType().getName()).isPresent();
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        String name = contract.formerlyNamed(representation.getType().getName())
                .orElseThrow()
                .name();
        String revision = representation.getType().getRevision();
        return representation.upcastPayload(
                new SimpleSerializedType(name, revision == null ? FIRST_REVISION : revision),
                byte[].class,
                Function.identity());
    }
}
