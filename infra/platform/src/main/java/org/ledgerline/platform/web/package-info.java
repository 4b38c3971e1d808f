/**
 * The HTTP edge shared by every context's controllers: JWT security, problem+json errors, idempotency keys, rate
 * limits, the caller argument and the OpenAPI document.
 */
package org.ledgerline.platform.web;
