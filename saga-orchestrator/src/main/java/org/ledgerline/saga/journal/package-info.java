/** The saga read model: the journal the saga writes, its queries, kept failures and change notifications. */
package org.ledgerline.saga.journal;
