/** The product context's command endpoints ({@code /api/v1/products}). */
package org.ledgerline.product.web;
