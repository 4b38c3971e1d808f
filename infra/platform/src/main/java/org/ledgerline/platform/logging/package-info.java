/** Log output: PII and secret masking, the production JSON format. */
package org.ledgerline.platform.logging;
