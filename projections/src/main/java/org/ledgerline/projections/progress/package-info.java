/** How far each read model has processed the event store, and waiting for it (read-your-writes). */
package org.ledgerline.projections.progress;
