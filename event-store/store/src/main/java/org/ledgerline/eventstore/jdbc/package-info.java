/** Axon's JDBC storage on PostgreSQL: commit-ordered streaming reads and PostgreSQL-aware conflict detection. */
package org.ledgerline.eventstore.jdbc;
