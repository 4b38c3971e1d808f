/**
 * The event contract at run time: every context's {@link org.ledgerline.kernel.EventCatalog}, the serializer that
 * stores catalogued events under their names and revisions, and the upcaster that reads rows stored under former
 * names (docs/adr/0017-event-contract.md).
 */
package org.ledgerline.eventstore.contract;
