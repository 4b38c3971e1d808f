/** The Order aggregate: placement with captured prices, and its life from pending to delivered. */
package org.ledgerline.order.ordering;
