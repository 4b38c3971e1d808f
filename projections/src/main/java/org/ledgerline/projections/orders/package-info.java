/** The orders read model: its projector (jOOQ upserts, replayable) and its query endpoints. */
package org.ledgerline.projections.orders;
