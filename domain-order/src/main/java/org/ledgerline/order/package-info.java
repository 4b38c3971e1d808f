/** The order context: the Order aggregate and its command API (issue 3 builds it). */
package org.ledgerline.order;
