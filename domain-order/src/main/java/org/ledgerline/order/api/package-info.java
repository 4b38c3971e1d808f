/** The order context's published contract: commands, events and value objects as records. */
package org.ledgerline.order.api;
