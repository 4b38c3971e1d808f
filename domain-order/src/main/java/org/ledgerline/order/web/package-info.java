/** The order context's command endpoints ({@code /api/v1/orders}). */
package org.ledgerline.order.web;
