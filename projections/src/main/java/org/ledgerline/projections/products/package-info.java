/** The products read model: its projector and its query endpoints. */
package org.ledgerline.projections.products;
