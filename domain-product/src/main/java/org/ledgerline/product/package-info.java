/** The product context: catalog and inventory; {@code api} is its published contract. */
package org.ledgerline.product;
