/**
 * What the order context needs from outside, as interfaces the platform implements: the dependency on the product
 * context turned around, so this module never imports it.
 */
package org.ledgerline.order.spi;
