/**
 * The event store: Axon on PostgreSQL with gap-free, commit-ordered streaming reads. This package is its SPI, the
 * only part other modules may use (processor, snapshot, cache, prefetching, token, replay and audit helpers); the
 * sub-packages are the store's own ({@code ModuleBoundariesTest}, {@code docs/architecture.md}).
 */
package org.ledgerline.eventstore;
