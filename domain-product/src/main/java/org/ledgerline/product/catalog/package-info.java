/** The product catalog: the Product aggregate and its rules. */
package org.ledgerline.product.catalog;
