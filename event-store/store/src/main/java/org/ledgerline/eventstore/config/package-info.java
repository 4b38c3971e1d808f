/** How Axon is wired to PostgreSQL and Jackson, and how Ledgerline runs its event processors. */
package org.ledgerline.eventstore.config;
