/** Joins the contexts where one needs another: adapters from one module's SPI to another's API. */
package org.ledgerline.platform.wiring;
