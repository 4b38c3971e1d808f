/** The admin audit log's PostgreSQL store. */
package org.ledgerline.eventstore.audit;
