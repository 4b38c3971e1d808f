/** The admin HTTP API over the saga read model: list, counts, detail, retry, compensate, batch and a live stream. */
package org.ledgerline.saga.dashboard;
