/** Secrets mounted as files (Kubernetes, Docker): {@code LEDGERLINE_<NAME>_FILE} gives {@code LEDGERLINE_<NAME>}. */
package org.ledgerline.platform.secrets;
