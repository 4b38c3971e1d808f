/** Unique values across aggregates (e-mail, SKU), claimed in the command's transaction. */
package org.ledgerline.eventstore.unique;
