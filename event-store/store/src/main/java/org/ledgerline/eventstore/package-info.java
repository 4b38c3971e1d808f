/** The event store: Axon on PostgreSQL with gap-free, commit-ordered streaming reads. */
package org.ledgerline.eventstore;
