/** The order-fulfilment saga and its dashboard (issue 6 builds it). */
package org.ledgerline.saga;
