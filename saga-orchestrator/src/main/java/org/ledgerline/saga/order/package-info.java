/** The orchestrated order saga: reserve stock, charge, confirm; compensate in reverse on failure or cancellation. */
package org.ledgerline.saga.order;
