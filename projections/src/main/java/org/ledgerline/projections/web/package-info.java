/** What the read models' query endpoints share: keyset cursors and page shapes. */
package org.ledgerline.projections.web;
